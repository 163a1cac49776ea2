package dev.halfday.engine.detect.tfjs;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.RewriterConfig;
import org.tensorflow.types.TFloat32;

import java.util.Random;
import java.util.Set;

import static dev.halfday.engine.detect.tfjs.TestGraphs.FLOAT;
import static dev.halfday.engine.detect.tfjs.TestGraphs.constant;
import static dev.halfday.engine.detect.tfjs.TestGraphs.conv;
import static dev.halfday.engine.detect.tfjs.TestGraphs.floats;
import static dev.halfday.engine.detect.tfjs.TestGraphs.op;
import static dev.halfday.engine.detect.tfjs.TestGraphs.placeholder;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The folded graph, run with Grappler's remapper as the detector runs it, computes what the model defines (its
 * float16 hard-swish constant, run unfused) — on small graphs shaped like MobileNetV3's blocks.
 */
class HardSwishFolderTest {

    /** 1/6 as float16 stores it: what the bundled model carries. */
    private static final float C16 = 0.16662598f;
    private static final float TOLERANCE = 2e-5f;
    private static final int N = 8;
    private static final int CH = 4;

    @Test
    void expandThenDepthwiseFoldsIntoTheDepthwiseFilter() {
        GraphDef graph = block(C16).addNode(conv("dw", "DepthwiseConv2dNative", "hs", "w2")).build();
        GraphDef folded = HardSwishFolder.fold(graph, Set.of());

        assertThat(floats(node(folded, "w2"))).containsExactly(scaled(floats(node(graph, "w2")), 6.0 * C16));
        assertThat(floats(node(folded, "hs/scaled/one_sixth"))).containsExactly((float) (1.0 / 6.0));
        assertThat(node(folded, "hs/scaled").getInputList()).contains("hs/scaled/one_sixth");
        assertClose(run(folded, "dw", true), run(graph, "dw", false));
    }

    @Test
    void squeezeExciteFoldsIntoBothConvolutionsItReaches() {
        GraphDef graph = block(C16)
                .addNode(TestGraphs.int32("axes", new int[] {1, 2}, 2))
                .addNode(NodeDef.newBuilder().setName("se/mean").setOp("Mean").addInput("hs").addInput("axes")
                        .putAttr("T", FLOAT).putAttr("Tidx", TestGraphs.INT32)
                        .putAttr("keep_dims", AttrValue.newBuilder().setB(true).build()))
                .addNode(constant("w3", weights(CH * CH, 3), 1, 1, CH, CH))
                .addNode(conv("se/fc", "Conv2D", "se/mean", "w3"))
                .addNode(op("se/gate", "Sigmoid", "se/fc"))
                .addNode(op("se/scaled", "Mul", "hs", "se/gate"))
                .addNode(constant("w4", weights(CH * CH, 4), 1, 1, CH, CH))
                .addNode(conv("project", "Conv2D", "se/scaled", "w4"))
                .build();
        GraphDef folded = HardSwishFolder.fold(graph, Set.of());

        assertThat(floats(node(folded, "w3"))).containsExactly(scaled(floats(node(graph, "w3")), 6.0 * C16));
        assertThat(floats(node(folded, "w4"))).containsExactly(scaled(floats(node(graph, "w4")), 6.0 * C16));
        assertClose(run(folded, "project", true), run(graph, "project", false));
    }

    @Test
    void aResidualAddIsBroughtToScaleThroughTheOtherBranchsConvolution() {
        // MobileNetV3's stem: hs → depthwise → ReLU → project (+bias) → add hs back → next convolution.
        GraphDef graph = block(C16)
                .addNode(conv("dw", "DepthwiseConv2dNative", "hs", "w2"))
                .addNode(op("dw/relu", "Relu", "dw"))
                .addNode(constant("w3", weights(CH * CH, 3), 1, 1, CH, CH))
                .addNode(constant("b3", weights(CH, 6), CH))
                .addNode(conv("project/conv", "Conv2D", "dw/relu", "w3"))
                .addNode(op("project", "BiasAdd", "project/conv", "b3"))
                .addNode(op("residual", "AddV2", "project", "hs"))
                .addNode(constant("w4", weights(CH * CH, 4), 1, 1, CH, CH))
                .addNode(conv("next", "Conv2D", "residual", "w4"))
                .build();
        GraphDef folded = HardSwishFolder.fold(graph, Set.of());

        double k = 6.0 * C16;
        assertThat(floats(node(folded, "w2"))).containsExactly(scaled(floats(node(graph, "w2")), k));
        assertThat(floats(node(folded, "w3"))).containsExactly(scaled(floats(node(graph, "w3")), 1 / k));
        assertThat(floats(node(folded, "b3"))).containsExactly(scaled(floats(node(graph, "b3")), 1 / k));
        assertThat(floats(node(folded, "w4"))).containsExactly(scaled(floats(node(graph, "w4")), k));
        assertClose(run(folded, "next", true), run(graph, "next", false));
    }

    @Test
    void aHardSwishFeedingAnAddStaysUnfusedBehindAnIdentity() {
        GraphDef graph = block(C16)
                .addNode(conv("dw", "DepthwiseConv2dNative", "hs", "w2"))
                .addNode(op("residual", "AddV2", "dw", "hs"))
                .build();
        GraphDef folded = HardSwishFolder.fold(graph, Set.of());

        assertThat(floats(node(folded, "w2"))).containsExactly(floats(node(graph, "w2")));
        assertThat(node(folded, "hs/scaled").getInputList()).containsExactly("c16", "x1/_keep_hard_swish_unfused");
        assertThat(node(folded, "x1/_keep_hard_swish_unfused").getOp()).isEqualTo("Identity");
        float[] reference = run(graph, "residual", false);
        assertClose(run(folded, "residual", true), reference);
        if ("1".equals(System.getenv("TF_ENABLE_ONEDNN_OPTS"))) {
            // Why the guard is there: fused by oneDNN, the same graph computes hard-swish with 1/6, not C16.
            float drift = maxDifference(run(graph, "residual", true), reference) / maxAbs(reference);
            assertThat(drift).isGreaterThan(10 * TOLERANCE);
        }
    }

    @Test
    void graphsWhoseHardSwishUsesOneSixthAreLeftAsTheyAre() {
        GraphDef graph = block((float) (1.0 / 6.0)).addNode(conv("dw", "DepthwiseConv2dNative", "hs", "w2")).build();
        assertThat(HardSwishFolder.fold(graph, Set.of())).isEqualTo(graph);
    }

    @Test
    void aFetchedTensorIsNeverRescaled() {
        GraphDef graph = block(C16).addNode(conv("dw", "DepthwiseConv2dNative", "hs", "w2")).build();
        GraphDef folded = HardSwishFolder.fold(graph, Set.of("hs"));
        assertThat(floats(node(folded, "w2"))).containsExactly(floats(node(graph, "w2")));
    }

    /** x → 1×1 conv + bias ("x1") → hard-swish with constant c ("hs"); w2 is a 3×3 depthwise filter for later. */
    private static GraphDef.Builder block(float c) {
        return GraphDef.newBuilder()
                .addNode(placeholder("x", 1, N, N, CH))
                .addNode(constant("w1", weights(CH * CH, 1), 1, 1, CH, CH))
                .addNode(constant("b1", weights(CH, 2), CH))
                .addNode(conv("x1/conv", "Conv2D", "x", "w1"))
                .addNode(op("x1", "BiasAdd", "x1/conv", "b1"))
                .addNode(constant("c16", new float[] {c}))
                .addNode(constant("three", new float[] {3f}))
                .addNode(op("hs/scaled", "Mul", "c16", "x1"))
                .addNode(op("hs/add", "AddV2", "x1", "three"))
                .addNode(op("hs/relu6", "Relu6", "hs/add"))
                .addNode(op("hs", "Mul", "hs/scaled", "hs/relu6"))
                .addNode(constant("w2", weights(9 * CH, 5), 3, 3, CH, 1));
    }

    private static float[] weights(int n, long seed) {
        Random random = new Random(seed);
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) random.nextGaussian();
        }
        return w;
    }

    private static float[] scaled(float[] w, double k) {
        float[] out = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = (float) (w[i] * k);
        }
        return out;
    }

    private static NodeDef node(GraphDef g, String name) {
        return TfjsGraphConverterTest.node(g, name);
    }

    /** Runs with only the remapper (as the detector does) or with no Grappler at all (the model's own ops). */
    private static float[] run(GraphDef def, String fetch, boolean remapper) {
        RewriterConfig.Builder rewrite = remapper ? RewriterConfig.newBuilder().addOptimizers("remap")
                : RewriterConfig.newBuilder().setDisableMetaOptimizer(true);
        ConfigProto config = ConfigProto.newBuilder()
                .setGraphOptions(GraphOptions.newBuilder().setRewriteOptions(rewrite)).build();
        float[] x = weights(N * N * CH, 9);
        for (int i = 0; i < x.length; i++) {
            x[i] *= 4; // spread over hard-swish's three regions: below −3, between, above 3
        }
        try (Graph graph = new Graph()) {
            graph.importGraphDef(def);
            try (Session session = new Session(graph, config);
                 TFloat32 in = TFloat32.tensorOf(Shape.of(1, N, N, CH), DataBuffers.of(x, true, false));
                 Result r = session.runner().feed("x", in).fetch(fetch).run()) {
                float[] out = new float[Math.toIntExact(r.get(0).shape().size())];
                r.get(0).asRawTensor().data().asFloats().read(out);
                return out;
            }
        }
    }

    private static void assertClose(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        float scale = maxAbs(expected);
        assertThat(scale).as("outputs are not trivially small").isGreaterThan(1f);
        assertThat(maxDifference(actual, expected) / scale).isLessThanOrEqualTo(TOLERANCE);
    }

    private static float maxAbs(float[] values) {
        float max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    private static float maxDifference(float[] a, float[] b) {
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
