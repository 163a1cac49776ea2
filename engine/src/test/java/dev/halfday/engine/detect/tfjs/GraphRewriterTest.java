package dev.halfday.engine.detect.tfjs;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;


import static dev.halfday.engine.detect.tfjs.TestGraphs.FLOAT;
import static dev.halfday.engine.detect.tfjs.TestGraphs.constant;
import static dev.halfday.engine.detect.tfjs.TestGraphs.placeholder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The op rewrites on small hand-built graphs, run in TensorFlow. */
class GraphRewriterTest {

    @ParameterizedTest
    @ValueSource(strings = {"FusedDepthwiseConv2dNative", "_FusedConv2D"})
    void preluIsUnfusedIntoCoreOps(String op) {
        // A 1×1 convolution with weight 1 and bias 0, then PReLU with alpha 0.5: prelu(x) = x > 0 ? x : 0.5·x.
        GraphDef graph = GraphDef.newBuilder()
                .addNode(placeholder("x", 1, 1, 3, 1))
                .addNode(constant("w", new float[] {1f}, 1, 1, 1, 1))
                .addNode(constant("b", new float[] {0f}, 1))
                .addNode(constant("alpha", new float[] {0.5f}, 1))
                .addNode(fused("y", op, "Prelu", 2, "x", "w", "b", "alpha"))
                .build();
        GraphDef rewritten = GraphRewriter.rewrite(graph);
        assertThat(rewritten.getNodeList()).extracting(NodeDef::getOp).doesNotContain(op)
                .contains("BiasAdd", "Relu", "Neg", "Mul", "Sub");
        float[] out = TfjsGraphConverterTest.run(rewritten, "x", "y", new float[] {2f, -4f, 0f}, Shape.of(1, 1, 3, 1));
        assertThat(out).containsExactly(new float[] {2f, -2f, 0f}, within(1e-6f));
    }

    @Test
    void fusedConvIsSplitIntoConvBiasAndActivationForTheRemapper() {
        GraphDef graph = GraphDef.newBuilder()
                .addNode(placeholder("x", 1, 1, 3, 1))
                .addNode(constant("w", new float[] {2f}, 1, 1, 1, 1))
                .addNode(constant("b", new float[] {-1f}, 1))
                .addNode(fused("y", "_FusedConv2D", "Relu6", 1, "x", "w", "b"))
                .build();
        GraphDef rewritten = GraphRewriter.rewrite(graph);
        assertThat(rewritten.getNodeList()).extracting(NodeDef::getOp).doesNotContain("_FusedConv2D")
                .contains("Conv2D", "BiasAdd");
        // The last step keeps the name, so consumers of y still find it.
        assertThat(TfjsGraphConverterTest.node(rewritten, "y").getOp()).isEqualTo("Relu6");
        // relu6(2x − 1)
        float[] out = TfjsGraphConverterTest.run(rewritten, "x", "y", new float[] {1f, -3f, 5f}, Shape.of(1, 1, 3, 1));
        assertThat(out).containsExactly(new float[] {1f, 0f, 6f}, within(1e-6f));
    }

    @Test
    void fusedMatMulRunsAsItIs() {
        NodeDef matmul = NodeDef.newBuilder().setName("y").setOp("_FusedMatMul").addInput("x").addInput("w").addInput("b")
                .putAttr("T", FLOAT)
                .putAttr("transpose_a", AttrValue.newBuilder().setB(false).build())
                .putAttr("transpose_b", AttrValue.newBuilder().setB(false).build())
                .putAttr("num_args", AttrValue.newBuilder().setI(1).build())
                .putAttr("fused_ops", AttrValue.newBuilder().setList(AttrValue.ListValue.newBuilder()
                        .addS(ByteString.copyFromUtf8("BiasAdd")).addS(ByteString.copyFromUtf8("Relu"))).build())
                .build();
        GraphDef graph = GraphDef.newBuilder()
                .addNode(placeholder("x", 1, 2))
                .addNode(constant("w", new float[] {1f, -1f}, 2, 1))
                .addNode(constant("b", new float[] {0.5f}, 1))
                .addNode(matmul)
                .build();
        GraphDef rewritten = GraphRewriter.rewrite(graph);
        assertThat(TfjsGraphConverterTest.node(rewritten, "y")).isEqualTo(matmul);
        // relu(x0 − x1 + 0.5)
        assertThat(TfjsGraphConverterTest.run(rewritten, "x", "y", new float[] {3f, 1f}, Shape.of(1, 2)))
                .containsExactly(new float[] {2.5f}, within(1e-6f));
        assertThat(TfjsGraphConverterTest.run(rewritten, "x", "y", new float[] {1f, 3f}, Shape.of(1, 2)))
                .containsExactly(new float[] {0f}, within(1e-6f));
    }

    private static NodeDef fused(String name, String op, String activation, int numArgs, String... inputs) {
        AttrValue ones = AttrValue.newBuilder().setList(AttrValue.ListValue.newBuilder().addI(1).addI(1).addI(1).addI(1))
                .build();
        return NodeDef.newBuilder().setName(name).setOp(op).addAllInput(java.util.List.of(inputs))
                .putAttr("T", FLOAT)
                .putAttr("strides", ones)
                .putAttr("dilations", ones)
                .putAttr("padding", AttrValue.newBuilder().setS(ByteString.copyFromUtf8("SAME")).build())
                .putAttr("data_format", AttrValue.newBuilder().setS(ByteString.copyFromUtf8("NHWC")).build())
                .putAttr("num_args", AttrValue.newBuilder().setI(numArgs).build())
                .putAttr("fused_ops", AttrValue.newBuilder().setList(AttrValue.ListValue.newBuilder()
                        .addS(ByteString.copyFromUtf8("BiasAdd")).addS(ByteString.copyFromUtf8(activation))).build())
                .build();
    }
}
