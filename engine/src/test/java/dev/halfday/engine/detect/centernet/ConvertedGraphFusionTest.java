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
 * convolutions unfused for Grappler's remapper), the heatmap TopK runs over row maxima first, and the box-size
 * head runs only at the 100 peaks.
 */
class ConvertedGraphFusionTest {

    /** The node that gathers box sizes at the heatmap's peaks. */
    private static final String GATHER = "tower_0/BatchGather/GatherV2";

    @Test
    void hardSwishAndResidualAddsRunInsideTheConvolutions() throws Exception {
        // The oneDNN kernels are what can fuse them; bin/halfday and the test run switch them on.
        assumeTrue("1".equals(System.getenv("TF_ENABLE_ONEDNN_OPTS")), "needs TF_ENABLE_ONEDNN_OPTS=1");
        List<NodeDef> ran = partitionNodes(CenterNetDetector.bundledGraph());

        // All of MobileNetV3's hard-swish (11 after convolutions, 9 after depthwise ones) and residual adds.
        assertThat(fusedWith(ran, "_FusedHardSwish")).as("convolutions with hard-swish inside").isEqualTo(20);
        assertThat(fusedWith(ran, "Add")).as("projections with the residual add inside").isEqualTo(12);
        // Before the split, 62 Mul and 44 Add ran on their own; what is left is mostly squeeze-excite scaling
        // (not counting the few small ones of the box-size head at the peaks, named under the gather).
        assertThat(ran).filteredOn(n -> n.getOp().equals("Mul") && !n.getName().startsWith(GATHER))
                .hasSizeLessThanOrEqualTo(25);
        assertThat(ran).filteredOn(n -> n.getOp().equals("TopKV2")).hasSize(3);
    }

    @Test
    void boxSizeHeadRunsOnlyAtThePeaks() throws Exception {
        List<NodeDef> ran = partitionNodes(CenterNetDetector.bundledGraph());
        // The box-size head's 128×128 depthwise and 1×1 convolutions are gone from what runs; its gathered
        // form (GatherPushdown) runs instead, after the TopK.
        assertThat(ran).filteredOn(n -> !n.getOp().equals("Const"))
                .noneMatch(n -> n.getName().contains("centernet_wh_output"))
                .anyMatch(n -> n.getName().equals(GATHER + "/at_pixels/taps") && n.getOp().equals("GatherV2"))
                .anyMatch(n -> n.getName().contains("/at_pixels/") && n.getOp().contains("MatMul"));
        // The class heatmap's head still runs on the whole map.
        assertThat(ran).anyMatch(n -> n.getName().contains("centernet_cls_output") && !n.getOp().equals("Const"));
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
