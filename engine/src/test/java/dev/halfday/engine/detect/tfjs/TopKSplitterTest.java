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
import org.tensorflow.types.TInt32;

import java.util.Random;
import java.util.Set;

import static dev.halfday.engine.detect.tfjs.TestGraphs.FLOAT;
import static dev.halfday.engine.detect.tfjs.TestGraphs.INT32;
import static org.assertj.core.api.Assertions.assertThat;

/** The split TopK gives exactly what one TopK gives, ties included, run in TensorFlow. */
class TopKSplitterTest {

    @Test
    void splitTopKMatchesTheSingleOneExactlyWithManyTies() {
        int batch = 2;
        int length = 5 * (1 << 14); // like the heatmap: a power of two times 5
        GraphDef graph = topKGraph(batch, length, 100);
        GraphDef split = TopKSplitter.split(graph, Set.of());
        // Row maxima → the k best rows → those rows in ascending order → the original TopK over their elements.
        assertThat(split.getNodeList()).extracting(NodeDef::getOp).filteredOn("TopKV2"::equals).hasSize(3);

        // Scores on a coarse grid: exact ties everywhere (also among row maxima and at the k-th place), and
        // mostly zeros as after CenterNet's peak filter.
        Random random = new Random(7);
        float[] x = new float[batch * length];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextInt(10) < 8 ? 0f : random.nextInt(1000) / 1000f;
        }
        assertSameResult(graph, split, x, batch, length);
        // Not trivially equal: the best scores are spread over the whole row.
        int[] indices = run(graph, x, batch, length).indices;
        assertThat(java.util.Arrays.stream(indices)).anyMatch(i -> i > length / 2).anyMatch(i -> i < length / 2);

        // All of the best in a run of consecutive elements: a few short rows hold every one of them.
        for (int i = 0; i < 300; i++) {
            x[40_000 + i] = 2f + (i % 7);
            x[length + 3 + i] = 5f;
        }
        assertSameResult(graph, split, x, batch, length);
    }

    private static void assertSameResult(GraphDef graph, GraphDef split, float[] x, int batch, int length) {
        Outputs single = run(graph, x, batch, length);
        Outputs twoStage = run(split, x, batch, length);
        assertThat(twoStage.values).containsExactly(single.values);
        assertThat(twoStage.indices).containsExactly(single.indices);
    }

    @Test
    void shortRowsAndFetchedNodesAreLeftAlone() {
        GraphDef shortRow = topKGraph(1, 1000, 10);
        assertThat(TopKSplitter.split(shortRow, Set.of())).isEqualTo(shortRow);
        GraphDef fetched = topKGraph(1, 1 << 17, 100);
        assertThat(TopKSplitter.split(fetched, Set.of("top"))).isEqualTo(fetched);
    }

    @Test
    void rowLengthIsTheDivisorNearestTheBalancePoint() {
        assertThat(TopKSplitter.rowLength(1_310_720, 100)).isEqualTo(128); // √13107 ≈ 114
        assertThat(TopKSplitter.rowLength(3 * 20_011, 100)).isEqualTo(3); // 20011 is prime: rows of 3
        assertThat(TopKSplitter.rowLength(100_003, 100)).isEqualTo(-1); // a prime: no split
        assertThat(TopKSplitter.rowLength(150, 100)).isEqualTo(-1); // fewer than k rows
    }

    private record Outputs(float[] values, int[] indices) {
    }

    private static Outputs run(GraphDef def, float[] x, int batch, int length) {
        try (Graph graph = new Graph()) {
            graph.importGraphDef(def);
            try (Session session = new Session(graph);
                 TFloat32 in = TFloat32.tensorOf(Shape.of(batch, length), DataBuffers.of(x, true, false));
                 Result r = session.runner().feed("x", in).fetch("values").fetch("indices").run()) {
                float[] values = new float[Math.toIntExact(r.get(0).shape().size())];
                r.get(0).asRawTensor().data().asFloats().read(values);
                int[] indices = new int[Math.toIntExact(r.get(1).shape().size())];
                ((TInt32) r.get(1)).asRawTensor().data().asInts().read(indices);
                return new Outputs(values, indices);
            }
        }
    }

    /** x [batch, length] → TopKV2 "top" → Identity "values" (:0) and "indices" (:1). */
    private static GraphDef topKGraph(int batch, int length, int k) {
        return GraphDef.newBuilder()
                .addNode(TestGraphs.placeholder("x", batch, length))
                .addNode(TestGraphs.int32("k", new int[] {k}))
                .addNode(NodeDef.newBuilder().setName("top").setOp("TopKV2").addInput("x").addInput("k")
                        .putAttr("T", FLOAT).putAttr("sorted", AttrValue.newBuilder().setB(true).build()))
                .addNode(NodeDef.newBuilder().setName("values").setOp("Identity").addInput("top").putAttr("T", FLOAT))
                .addNode(NodeDef.newBuilder().setName("indices").setOp("Identity").addInput("top:1").putAttr("T", INT32))
                .build();
    }
}
