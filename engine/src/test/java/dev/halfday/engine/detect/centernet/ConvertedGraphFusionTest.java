package dev.halfday.engine.detect.centernet;

import dev.halfday.engine.detect.TfSessionOptions;
import dev.halfday.engine.detect.tfjs.ConvertedModel;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the detector's speed rests on, checked in the graph TensorFlow actually runs (its partition graph) for
 * the bundled model under the detector's own session options: MobileNetV3's hard-swish runs inside the
 * convolutions and the residual adds inside the projections (possible only because the converter leaves the
 * convolutions unfused for Grappler's remapper), and the heatmap TopK runs over row maxima first.
 */
class ConvertedGraphFusionTest {

    @Test
    void hardSwishAndResidualAddsRunInsideTheConvolutions() throws Exception {
        // The oneDNN kernels are what can fuse them; bin/halfday and the test run switch them on.
        assumeTrue("1".equals(System.getenv("TF_ENABLE_ONEDNN_OPTS")), "needs TF_ENABLE_ONEDNN_OPTS=1");
        List<NodeDef> ran = partitionNodes(CenterNetDetector.bundledGraph());

        // All of MobileNetV3's hard-swish (11 after convolutions, 9 after depthwise ones) and residual adds.
        assertThat(fusedWith(ran, "_FusedHardSwish")).as("convolutions with hard-swish inside").isEqualTo(20);
        assertThat(fusedWith(ran, "Add")).as("projections with the residual add inside").isEqualTo(12);
        // Before the split, 62 Mul and 44 Add ran on their own; what is left is mostly squeeze-excite scaling.
        assertThat(ran).filteredOn(n -> n.getOp().equals("Mul")).hasSizeLessThanOrEqualTo(25);
        assertThat(ran).filteredOn(n -> n.getOp().equals("TopKV2")).hasSize(3);
    }

    private static long fusedWith(List<NodeDef> nodes, String fusedOp) {
        return nodes.stream().filter(n -> n.containsAttr("fused_ops"))
                .filter(n -> n.getAttrOrThrow("fused_ops").getList().getSList().stream()
                        .anyMatch(s -> s.toStringUtf8().equals(fusedOp)))
                .count();
    }

    private static List<NodeDef> partitionNodes(ConvertedModel model) {
        try (Graph graph = new Graph()) {
            graph.importGraphDef(model.graphDef());
            try (Session session = new Session(graph, TfSessionOptions.forConvertedGraph().toConfig());
                 TFloat32 input = TFloat32.tensorOf(Shape.of(1, 512, 512, 3));
                 Result result = session.runner().feed(CenterNetDetector.INPUT, input).fetch(CenterNetDetector.OUTPUT)
                         .setOptions(RunOptions.newBuilder().setOutputPartitionGraphs(true).build())
                         .runAndFetchMetadata()) {
                List<NodeDef> nodes = new ArrayList<>();
                for (GraphDef partition : result.getMetadata().orElseThrow().getPartitionGraphsList()) {
                    nodes.addAll(partition.getNodeList());
                }
                return nodes;
            }
        }
    }
}
