package dev.halfday.engine.detect.tfjs;

import com.google.protobuf.ByteString;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** What the converter's graph rewrites share: reading input names and constants, making nodes. */
final class GraphNodes {

    static final AttrValue FLOAT = type(DataType.DT_FLOAT);
    static final AttrValue INT32 = type(DataType.DT_INT32);

    private GraphNodes() {
    }

    /** The node an input names: "node:0", "node:1" and "^node" (a control input) all come from "node". */
    static String producer(String input) {
        String name = input.startsWith("^") ? input.substring(1) : input;
        int colon = name.lastIndexOf(':');
        return colon > 0 ? name.substring(0, colon) : name;
    }

    /** Which output of its producer an input reads ("node" is output 0). */
    static int outputIndex(String input) {
        int colon = input.lastIndexOf(':');
        return colon > 0 ? Integer.parseInt(input.substring(colon + 1)) : 0;
    }

    /** The static shape TensorFlow infers for an input in an imported graph, or null if there is no such node. */
    static Shape outputShape(Graph graph, String input) {
        GraphOperation op = graph.operation(producer(input));
        return op == null ? null : op.output(outputIndex(input)).shape();
    }

    /** A scalar or one-element int32 Const's value, or null for anything else. */
    static Integer intConstant(NodeDef node) {
        if (node == null || !node.getOp().equals("Const")) {
            return null;
        }
        TensorProto t = node.getAttrOrThrow("value").getTensor();
        if (t.getDtype() != DataType.DT_INT32) {
            return null;
        }
        if (t.getIntValCount() == 1 && t.getTensorContent().isEmpty()) {
            return t.getIntVal(0);
        }
        if (t.getTensorContent().size() == 4) {
            return t.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).getInt();
        }
        return null;
    }

    /** An op node without attributes yet. */
    static NodeDef.Builder op(String name, String op, String device, String... inputs) {
        NodeDef.Builder b = NodeDef.newBuilder().setName(name).setOp(op).setDevice(device);
        for (String input : inputs) {
            b.addInput(input);
        }
        return b;
    }

    /** An int32 Const of the given shape (none: a scalar). */
    static NodeDef int32(String name, long[] values, long... shape) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            bytes.putInt(Math.toIntExact(v));
        }
        TensorProto tensor = TensorProto.newBuilder().setDtype(DataType.DT_INT32).setTensorShape(shape(shape))
                .setTensorContent(ByteString.copyFrom(bytes.array())).build();
        return NodeDef.newBuilder().setName(name).setOp("Const")
                .putAttr("dtype", INT32)
                .putAttr("value", AttrValue.newBuilder().setTensor(tensor).build()).build();
    }

    static TensorShapeProto shape(long... dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (long d : dims) {
            s.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
        }
        return s.build();
    }

    static AttrValue type(DataType t) {
        return AttrValue.newBuilder().setType(t).build();
    }
}
