package dev.halfday.engine.detect.tfjs;

import com.google.protobuf.ByteString;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** Builders for the small hand-made graphs the converter's tests run in TensorFlow. */
final class TestGraphs {

    static final AttrValue FLOAT = GraphNodes.FLOAT;
    static final AttrValue INT32 = GraphNodes.INT32;
    private static final AttrValue ONES = AttrValue.newBuilder()
            .setList(AttrValue.ListValue.newBuilder().addI(1).addI(1).addI(1).addI(1)).build();

    private TestGraphs() {
    }

    static NodeDef placeholder(String name, long... shape) {
        return NodeDef.newBuilder().setName(name).setOp("Placeholder").putAttr("dtype", FLOAT)
                .putAttr("shape", AttrValue.newBuilder().setShape(shape(shape)).build()).build();
    }

    static NodeDef constant(String name, float[] values, long... shape) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            bytes.putFloat(v);
        }
        TensorProto tensor = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(shape(shape))
                .setTensorContent(ByteString.copyFrom(bytes.array())).build();
        return NodeDef.newBuilder().setName(name).setOp("Const").putAttr("dtype", FLOAT)
                .putAttr("value", AttrValue.newBuilder().setTensor(tensor).build()).build();
    }

    static NodeDef int32(String name, int[] values, long... shape) {
        return GraphNodes.int32(name, Arrays.stream(values).asLongStream().toArray(), shape);
    }

    static float[] floats(NodeDef constant) {
        ByteString content = constant.getAttrOrThrow("value").getTensor().getTensorContent();
        float[] out = new float[content.size() / 4];
        content.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    /** A binary element-wise op (Add, Mul, …) or any op over float inputs. */
    static NodeDef op(String name, String op, String... inputs) {
        return NodeDef.newBuilder().setName(name).setOp(op).addAllInput(java.util.List.of(inputs))
                .putAttr("T", FLOAT).build();
    }

    /** Conv2D or DepthwiseConv2dNative, stride 1, SAME, NHWC. */
    static NodeDef conv(String name, String op, String input, String filter) {
        return NodeDef.newBuilder().setName(name).setOp(op).addInput(input).addInput(filter)
                .putAttr("T", FLOAT).putAttr("strides", ONES).putAttr("dilations", ONES)
                .putAttr("padding", AttrValue.newBuilder().setS(ByteString.copyFromUtf8("SAME")).build())
                .putAttr("data_format", AttrValue.newBuilder().setS(ByteString.copyFromUtf8("NHWC")).build())
                .build();
    }

    static TensorShapeProto shape(long... dims) {
        return GraphNodes.shape(dims);
    }
}
