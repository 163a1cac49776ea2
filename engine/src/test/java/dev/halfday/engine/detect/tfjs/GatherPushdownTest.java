package dev.halfday.engine.detect.tfjs;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.types.TFloat32;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static dev.halfday.engine.detect.tfjs.TestGraphs.FLOAT;
import static dev.halfday.engine.detect.tfjs.TestGraphs.INT32;
import static org.assertj.core.api.Assertions.assertThat;

/** The head computed at the gathered pixels equals the whole head gathered, run in TensorFlow. */
class GatherPushdownTest {

    private static final int H = 6;
    private static final int W = 7;
    private static final int C = 5;
    private static final int K = 4;
    /** Corners, edges and inner pixels, one repeated: every way a 3×3 (or 5×5, 2×2) window meets the padding. */
    private static final int[] PIXELS = {0, W - 1, (H - 1) * W, H * W - 1, 3, 2 * W, 2 * W + 3, 3 * W + 6, 8, 8};

    @Test
    void headAtGatheredPixelsMatchesTheWholeHeadGathered() {
        for (int kernel : new int[] {3, 5, 2}) {
            for (boolean biasAndScale : new boolean[] {true, false}) {
                GraphDef graph = headGraph(kernel, biasAndScale, false);
                GraphDef pushed = GatherPushdown.push(graph);
                String what = kernel + "×" + kernel + (biasAndScale ? " with bias and scale" : "");
                assertThat(reaches(pushed, "rows", "depthwise")).as(what + ": the gather no longer reads the head").isFalse();
                assertThat(reaches(graph, "rows", "depthwise")).isTrue();

                float[] expected = run(graph, "rows");
                float[] actual = run(pushed, "rows");
                assertThat(actual).hasSize(PIXELS.length * K);
                for (int i = 0; i < expected.length; i++) {
                    assertThat(actual[i]).as(what + ", value " + i).isCloseTo(expected[i],
                            org.assertj.core.data.Offset.offset(1e-5f * Math.max(1f, Math.abs(expected[i]))));
                }
                // The whole map is still there for a caller that fetches it.
                assertThat(run(pushed, "map")).containsExactly(run(graph, "map"));
            }
        }
    }

    @Test
    void headsItCannotReproduceExactlyOrThatOthersReadAreLeftAlone() {
        GraphDef sharedDepthwise = headGraph(3, true, false).toBuilder()
                .addNode(NodeDef.newBuilder().setName("other").setOp("Identity").addInput("depthwise").putAttr("T", FLOAT))
                .build();
        assertThat(GatherPushdown.push(sharedDepthwise)).isEqualTo(sharedDepthwise);

        GraphDef dilated = withAttr(headGraph(3, true, false), "depthwise", "dilations", AttrValue.newBuilder()
                .setList(AttrValue.ListValue.newBuilder().addI(1).addI(2).addI(2).addI(1)).build());
        run(dilated, "rows"); // a valid graph, just not one the rewrite reproduces
        assertThat(GatherPushdown.push(dilated)).isEqualTo(dilated);

        GraphDef multiplier = headGraph(3, true, true);
        assertThat(GatherPushdown.push(multiplier)).isEqualTo(multiplier);
    }

    /**
     * x [1,H,W,C] → depthwise (kernel×kernel, SAME) → 1×1 Conv2D → [BiasAdd → Mul by a scalar] → "map" (Identity)
     * → Reshape [H·W, K] → GatherV2 at {@link #PIXELS} → "rows". With {@code doubleChannels} the depthwise has
     * channel multiplier 2 (and the 1×1 convolution reads 2C channels).
     */
    private static GraphDef headGraph(int kernel, boolean biasAndScale, boolean doubleChannels) {
        Random random = new Random(kernel * 31L + (biasAndScale ? 1 : 0));
        int multiplier = doubleChannels ? 2 : 1;
        GraphDef.Builder g = GraphDef.newBuilder()
                .addNode(TestGraphs.placeholder("x", 1, H, W, C))
                .addNode(TestGraphs.constant("depthwise_filter", randoms(random, kernel * kernel * C * multiplier),
                        kernel, kernel, C, multiplier))
                .addNode(TestGraphs.conv("depthwise", "DepthwiseConv2dNative", "x", "depthwise_filter"))
                .addNode(TestGraphs.constant("pointwise_filter", randoms(random, C * multiplier * K), 1, 1, C * multiplier, K))
                .addNode(TestGraphs.conv("pointwise", "Conv2D", "depthwise", "pointwise_filter"));
        String head = "pointwise";
        if (biasAndScale) {
            g.addNode(TestGraphs.constant("bias", randoms(random, K), K))
                    .addNode(NodeDef.newBuilder().setName("biased").setOp("BiasAdd").addInput("pointwise").addInput("bias")
                            .putAttr("T", FLOAT))
                    .addNode(TestGraphs.constant("scale", new float[] {16f}))
                    .addNode(TestGraphs.op("scaled", "Mul", "biased", "scale"));
            head = "scaled";
        }
        return g.addNode(NodeDef.newBuilder().setName("map").setOp("Identity").addInput(head).putAttr("T", FLOAT))
                .addNode(TestGraphs.int32("flat_shape", new int[] {H * W, K}, 2))
                .addNode(NodeDef.newBuilder().setName("flat").setOp("Reshape").addInput("map").addInput("flat_shape")
                        .putAttr("T", FLOAT).putAttr("Tshape", INT32))
                .addNode(TestGraphs.int32("pixels", PIXELS, PIXELS.length))
                .addNode(TestGraphs.int32("axis", new int[] {0}))
                .addNode(NodeDef.newBuilder().setName("rows").setOp("GatherV2").addInput("flat").addInput("pixels")
                        .addInput("axis").putAttr("Tparams", FLOAT).putAttr("Tindices", INT32).putAttr("Taxis", INT32))
                .build();
    }

    private static GraphDef withAttr(GraphDef graph, String node, String attr, AttrValue value) {
        GraphDef.Builder b = graph.toBuilder();
        for (int i = 0; i < b.getNodeCount(); i++) {
            if (b.getNode(i).getName().equals(node)) {
                b.setNode(i, b.getNode(i).toBuilder().putAttr(attr, value));
            }
        }
        return b.build();
    }

    private static float[] randoms(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextFloat() * 2 - 1;
        }
        return v;
    }

    private static float[] run(GraphDef def, String fetch) {
        float[] x = randoms(new Random(3), H * W * C);
        for (int i = 0; i < x.length; i += 3) {
            x[i] += 2f; // not centred on zero, so padding read as anything but 0 shows
        }
        try (Graph graph = new Graph()) {
            graph.importGraphDef(def);
            try (Session session = new Session(graph);
                 TFloat32 in = TFloat32.tensorOf(Shape.of(1, H, W, C), DataBuffers.of(x, true, false));
                 Result r = session.runner().feed("x", in).fetch(fetch).run()) {
                float[] out = new float[Math.toIntExact(r.get(0).shape().size())];
                r.get(0).asRawTensor().data().asFloats().read(out);
                return out;
            }
        }
    }

    /** Whether {@code to} is among the nodes {@code from} is computed from. */
    private static boolean reaches(GraphDef graph, String from, String to) {
        Map<String, NodeDef> byName = new HashMap<>();
        graph.getNodeList().forEach(n -> byName.put(n.getName(), n));
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(Set.of(from));
        while (!todo.isEmpty()) {
            String name = todo.pop().replaceFirst("^\\^", "").replaceFirst(":\\d+$", "");
            if (name.equals(to)) {
                return true;
            }
            if (seen.add(name) && byName.containsKey(name)) {
                todo.addAll(byName.get(name).getInputList());
            }
        }
        return false;
    }
}
