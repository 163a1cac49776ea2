package dev.halfday.engine.detect.tfjs;

import dev.halfday.engine.detect.centernet.CenterNetDetector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.types.TFloat32;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TfjsGraphConverterTest {

    @Test
    void float16DecodesExactly() {
        assertThat(WeightDecoder.halfToFloat((short) 0x3C00)).isEqualTo(1.0f);
        assertThat(WeightDecoder.halfToFloat((short) 0xC000)).isEqualTo(-2.0f);
        assertThat(WeightDecoder.halfToFloat((short) 0x3555)).isEqualTo(0.333251953125f);
        assertThat(WeightDecoder.halfToFloat((short) 0x7BFF)).isEqualTo(65504f);
        assertThat(WeightDecoder.halfToFloat((short) 0x0001)).isEqualTo(0x1p-24f);   // smallest subnormal
        assertThat(WeightDecoder.halfToFloat((short) 0x8000)).isEqualTo(-0.0f);
        assertThat(WeightDecoder.halfToFloat((short) 0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(WeightDecoder.halfToFloat((short) 0x7E00)).isNaN();
    }

    @Test
    void tinyModelRunsInTensorFlowWithTheRightValues(@TempDir Path dir) throws Exception {
        TfjsGraphModel tfjs = TfjsGraphModel.read(ModelFiles.folder(TinyTfjsModel.write(dir,
                TinyTfjsModel.MINUS_THREE)), "tiny.json");
        ConvertedModel converted = TfjsGraphConverter.convert(tfjs);

        assertThat(converted.inputName()).isEqualTo("x");
        assertThat(converted.output("out").shape()).containsExactly(4L);
        assertThat(converted.graphDef().getNodeList()).extracting(NodeDef::getOp)
                .doesNotContain("FusedDepthwiseConv2dNative")
                .contains("DepthwiseConv2dNative", "BiasAdd", "Relu");
        NodeDef conv = node(converted.graphDef(), "conv");
        assertThat(conv.getOp()).as("the last step keeps the fused node's name").isEqualTo("Relu");
        assertThat(node(converted.graphDef(), "shape").getAttrOrThrow("value").getTensor().getDtype())
                .isEqualTo(DataType.DT_INT64);

        // relu(2·x − 3) for x = 1, 2, 3, 0.5
        float[] out = run(converted.graphDef(), "x", "out", new float[] {1f, 2f, 3f, 0.5f}, Shape.of(1, 2, 2, 1));
        assertThat(out).containsExactly(new float[] {0f, 1f, 3f, 0f}, within(1e-6f));
    }

    @Test
    void bundledModelConvertsCompletely() throws Exception {
        TfjsGraphModel tfjs = TfjsGraphModel.read(ModelFiles.classpath(CenterNetDetector.BUNDLED_FOLDER),
                CenterNetDetector.BUNDLED_JSON);
        ConvertedModel converted = TfjsGraphConverter.convert(tfjs);
        GraphDef g = converted.graphDef();
        assertThat(converted.inputName()).isEqualTo(CenterNetDetector.INPUT);
        assertThat(converted.output(CenterNetDetector.OUTPUT).shape()).containsExactly(1L, 100L, 6L);
        for (NodeDef n : g.getNodeList()) {
            // TF.js's fusions are all split for Grappler's remapper (GraphRewriter).
            assertThat(n.getOp()).isNotIn("FusedDepthwiseConv2dNative", "_FusedConv2D");
            if (n.getOp().equals("Const")) {
                var t = n.getAttrOrThrow("value").getTensor();
                long elements = t.getTensorShape().getDimList().stream().mapToLong(d -> d.getSize()).reduce(1, (a, b) -> a * b);
                int bytes = t.getDtype() == DataType.DT_INT64 ? 8 : 4;
                assertThat(t.getTensorContent().size()).as(n.getName()).isEqualTo(elements * bytes);
            }
        }
        try (Graph graph = new Graph()) {
            graph.importGraphDef(g, "imported");
            assertThat(graph.operation("imported/" + CenterNetDetector.OUTPUT)).isNotNull();
        }
    }

    @Test
    void conversionIsDeterministicAndTheKeyFollowsTheContent(@TempDir Path dir) throws Exception {
        TfjsGraphModel a = TfjsGraphModel.read(ModelFiles.folder(TinyTfjsModel.write(dir.resolve("a"),
                TinyTfjsModel.MINUS_THREE)), "tiny.json");
        TfjsGraphModel b = TfjsGraphModel.read(ModelFiles.folder(TinyTfjsModel.write(dir.resolve("b"),
                TinyTfjsModel.MINUS_THREE)), "tiny.json");
        TfjsGraphModel c = TfjsGraphModel.read(ModelFiles.folder(TinyTfjsModel.write(dir.resolve("c"),
                (short) 0xC400)), "tiny.json");
        assertThat(TfjsGraphConverter.convert(a).graphDef().toByteArray())
                .isEqualTo(TfjsGraphConverter.convert(b).graphDef().toByteArray());
        assertThat(TfjsGraphConverter.cacheKey(a)).isEqualTo(TfjsGraphConverter.cacheKey(b)).hasSize(64);
        assertThat(TfjsGraphConverter.cacheKey(c)).isNotEqualTo(TfjsGraphConverter.cacheKey(a));
    }

    @Test
    void weightFilesOfTheWrongSizeAreReported(@TempDir Path dir) throws Exception {
        TinyTfjsModel.write(dir, TinyTfjsModel.MINUS_THREE);
        Files.write(dir.resolve("tiny.bin"), new byte[6]);
        TfjsGraphModel shortBin = TfjsGraphModel.read(ModelFiles.folder(dir), "tiny.json");
        assertThatThrownBy(() -> TfjsGraphConverter.convert(shortBin)).isInstanceOf(IOException.class)
                .hasMessageContaining("weight files end early");
        Files.write(dir.resolve("tiny.bin"), new byte[40]);
        TfjsGraphModel longBin = TfjsGraphModel.read(ModelFiles.folder(dir), "tiny.json");
        assertThatThrownBy(() -> TfjsGraphConverter.convert(longBin)).isInstanceOf(IOException.class)
                .hasMessageContaining("hold 40 bytes but the manifest describes 16");
    }

    @Test
    void weightPathsCannotLeaveTheModelFolder(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("m"));
        Files.writeString(dir.resolve("m/evil.json"), TinyTfjsModel.JSON.replace("\"tiny.bin\"", "\"../secret.bin\""));
        Files.write(dir.resolve("secret.bin"), new byte[16]);
        assertThatThrownBy(() -> TfjsGraphModel.read(ModelFiles.folder(dir.resolve("m")), "evil.json"))
                .hasMessageContaining("outside the model folder");
    }

    static NodeDef node(GraphDef g, String name) {
        return g.getNodeList().stream().filter(n -> n.getName().equals(name)).findFirst().orElseThrow();
    }

    static float[] run(GraphDef def, String input, String output, float[] values, Shape shape) {
        try (Graph graph = new Graph()) {
            graph.importGraphDef(def);
            try (Session session = new Session(graph);
                 TFloat32 x = TFloat32.tensorOf(shape, DataBuffers.of(values, true, false));
                 Result r = session.runner().feed(input, x).fetch(output).run()) {
                float[] out = new float[Math.toIntExact(r.get(0).shape().size())];
                r.get(0).asRawTensor().data().asFloats().read(out);
                return out;
            }
        }
    }
}
