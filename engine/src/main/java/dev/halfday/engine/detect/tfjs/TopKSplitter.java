package dev.halfday.engine.detect.tfjs;

import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns a {@code TopKV2} over one very long row into two stages that give the same result.
 *
 * <p>Why: TensorFlow's CPU TopK shards its work by rows, so a single row runs on one thread. CenterNet takes
 * its 100 best peaks from the whole heatmap flattened to one row of 128·128·80 = 1.3 M scores, which kept one
 * core busy for ~8 ms while the other waited. Here the row is cut into G rows of R (R divides N), each row's
 * top k is taken in parallel, and a second TopK picks the k best of those G·k candidates; their positions are
 * mapped back to indices into the original row.
 *
 * <p>Exact, ties included: every element of the overall top k is in its own row's top k, and TopK puts equal
 * values in index order, which the candidate order (row, then rank within the row) preserves. The second stage
 * keeps the original node's name and attributes, so consumers of its values are untouched; consumers of its
 * indices ({@code name:1}) are pointed at the mapped indices.
 *
 * <p>Needs static shapes, which it gets from TensorFlow's own shape inference on the graph; a TopK whose input
 * shape, {@code k} or index type is not known and simple is left as it is.
 */
final class TopKSplitter {

    /** Rows shorter than this are left alone: splitting costs more than it saves. */
    static final long MIN_ROW = 1L << 16;
    /** The longest row of the first stage. */
    static final long MAX_STAGE_ROW = 1L << 14;

    private TopKSplitter() {
    }

    /**
     * @param protectedNodes node names the caller fetches by name (a split node's {@code :1} changes meaning)
     */
    static GraphDef split(GraphDef graph, Set<String> protectedNodes) {
        Map<String, Plan> plans = plan(graph, protectedNodes);
        if (plans.isEmpty()) {
            return graph;
        }
        GraphDef.Builder out = graph.toBuilder().clearNode();
        for (NodeDef node : graph.getNodeList()) {
            Plan plan = plans.get(node.getName());
            if (plan != null) {
                addStages(node, plan, out);
                continue;
            }
            NodeDef.Builder b = node.toBuilder();
            for (int i = 0; i < b.getInputCount(); i++) {
                String input = b.getInput(i);
                int colon = input.lastIndexOf(':');
                if (colon > 0 && input.substring(colon).equals(":1") && plans.containsKey(input.substring(0, colon))) {
                    b.setInput(i, indexName(input.substring(0, colon)));
                }
            }
            out.addNode(b);
        }
        return out.build();
    }

    /** One TopK to split: input [batch, length], k, rows of {@code row}. */
    private record Plan(long batch, long length, int k, long row) {
        long rowsPerBatch() {
            return length / row;
        }
    }

    private static Map<String, Plan> plan(GraphDef graph, Set<String> protectedNodes) {
        Map<String, NodeDef> byName = new HashMap<>();
        graph.getNodeList().forEach(n -> byName.put(n.getName(), n));
        Map<String, Plan> plans = new HashMap<>();
        if (graph.getNodeList().stream().noneMatch(n -> n.getOp().equals("TopKV2"))) {
            return plans; // spare the shape inference
        }
        try (Graph g = new Graph()) {
            g.importGraphDef(graph);
            for (NodeDef node : graph.getNodeList()) {
                if (!node.getOp().equals("TopKV2") || protectedNodes.contains(node.getName())
                        || node.getInputCount() < 2 || !indexIsInt32(node)) {
                    continue;
                }
                Integer k = intConstant(byName.get(strip(node.getInput(1))));
                Shape shape = outputShape(g, node.getInput(0));
                if (k == null || k < 1 || shape == null || shape.numDimensions() != 2 || shape.hasUnknownDimension()) {
                    continue;
                }
                long length = shape.get(1);
                long row = rowLength(length, k);
                if (length >= MIN_ROW && row > 0) {
                    plans.put(node.getName(), new Plan(shape.get(0), length, k, row));
                }
            }
        }
        return plans;
    }

    /** The longest divisor of {@code length} up to {@link #MAX_STAGE_ROW} that still leaves room for 2k per row. */
    static long rowLength(long length, int k) {
        for (long r = Math.min(MAX_STAGE_ROW, length / 2); r >= 2L * k; r--) {
            if (length % r == 0) {
                return r;
            }
        }
        return -1;
    }

    private static void addStages(NodeDef topK, Plan plan, GraphDef.Builder out) {
        String p = topK.getName() + "/split";
        long rows = plan.batch() * plan.rowsPerBatch();
        long candidates = plan.rowsPerBatch() * plan.k();
        String source = topK.getInput(0);
        String device = topK.getDevice();

        out.addNode(int32(p + "/rows_shape", new long[] {rows, plan.row()}, 2));
        out.addNode(op(p + "/rows", "Reshape", device, source, p + "/rows_shape")
                .putAttr("T", topK.getAttrOrThrow("T")).putAttr("Tshape", type(DataType.DT_INT32)));
        out.addNode(int32(p + "/k", new long[] {plan.k()}));
        out.addNode(op(p + "/per_row", "TopKV2", device, p + "/rows", p + "/k")
                .putAllAttr(topK.getAttrMap()));
        long[] offsets = new long[(int) rows];
        for (int i = 0; i < rows; i++) {
            offsets[i] = (i % plan.rowsPerBatch()) * plan.row();
        }
        out.addNode(int32(p + "/row_offsets", offsets, rows, 1));
        out.addNode(op(p + "/positions", "AddV2", device, p + "/per_row:1", p + "/row_offsets")
                .putAttr("T", type(DataType.DT_INT32)));
        out.addNode(int32(p + "/candidates_shape", new long[] {plan.batch(), candidates}, 2));
        out.addNode(op(p + "/candidate_values", "Reshape", device, p + "/per_row", p + "/candidates_shape")
                .putAttr("T", topK.getAttrOrThrow("T")).putAttr("Tshape", type(DataType.DT_INT32)));
        out.addNode(op(p + "/candidate_positions", "Reshape", device, p + "/positions", p + "/candidates_shape")
                .putAttr("T", type(DataType.DT_INT32)).putAttr("Tshape", type(DataType.DT_INT32)));
        // The second stage keeps the original name, attributes and k input.
        out.addNode(topK.toBuilder().setInput(0, p + "/candidate_values"));
        out.addNode(int32(p + "/axis", new long[] {1}));
        out.addNode(op(indexName(topK.getName()), "GatherV2", device, p + "/candidate_positions",
                topK.getName() + ":1", p + "/axis")
                .putAttr("Tparams", type(DataType.DT_INT32))
                .putAttr("Tindices", type(DataType.DT_INT32))
                .putAttr("Taxis", type(DataType.DT_INT32))
                .putAttr("batch_dims", AttrValue.newBuilder().setI(1).build()));
    }

    private static String indexName(String topK) {
        return topK + "/split/indices";
    }

    private static NodeDef.Builder op(String name, String op, String device, String... inputs) {
        NodeDef.Builder b = NodeDef.newBuilder().setName(name).setOp(op).setDevice(device);
        for (String input : inputs) {
            b.addInput(input);
        }
        return b;
    }

    private static NodeDef int32(String name, long[] values, long... shape) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (long d : shape) {
            s.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
        }
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            bytes.putInt(Math.toIntExact(v));
        }
        TensorProto tensor = TensorProto.newBuilder().setDtype(DataType.DT_INT32).setTensorShape(s)
                .setTensorContent(com.google.protobuf.ByteString.copyFrom(bytes.array())).build();
        return NodeDef.newBuilder().setName(name).setOp("Const")
                .putAttr("dtype", type(DataType.DT_INT32))
                .putAttr("value", AttrValue.newBuilder().setTensor(tensor).build()).build();
    }

    private static AttrValue type(DataType t) {
        return AttrValue.newBuilder().setType(t).build();
    }

    private static boolean indexIsInt32(NodeDef topK) {
        AttrValue t = topK.getAttrMap().get("index_type");
        return t == null || t.getType() == DataType.DT_INT32;
    }

    /** A scalar or one-element int32 Const's value, or null. */
    private static Integer intConstant(NodeDef node) {
        if (node == null || !node.getOp().equals("Const")) {
            return null;
        }
        TensorProto t = node.getAttrOrThrow("value").getTensor();
        if (t.getDtype() != DataType.DT_INT32) {
            return null;
        }
        if (t.getIntValCount() == 1) {
            return t.getIntVal(0);
        }
        if (t.getTensorContent().size() == 4) {
            return t.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).getInt();
        }
        return null;
    }

    private static Shape outputShape(Graph g, String input) {
        String name = strip(input);
        int index = 0;
        int colon = input.lastIndexOf(':');
        if (colon > 0) {
            index = Integer.parseInt(input.substring(colon + 1));
        }
        GraphOperation op = g.operation(name);
        return op == null ? null : op.output(index).shape();
    }

    private static String strip(String input) {
        int colon = input.lastIndexOf(':');
        return colon > 0 ? input.substring(0, colon) : input;
    }
}
