package dev.halfday.engine.detect.tfjs;

import com.google.protobuf.ByteString;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.halfday.engine.detect.tfjs.GraphNodes.producer;

/**
 * Makes MobileNetV3's hard-swish fusable without changing what the model computes.
 *
 * <p>Hard-swish is {@code x · relu6(x + 3) · c}. With oneDNN kernels, Grappler's remapper fuses it into the
 * convolution before it, which saves three passes over a large feature map each time (about a seventh of the
 * detector's time) — but the fused kernel always uses {@code c = 1/6}, while a model stored in float16 carries
 * {@code c = 0.16662598}. Left alone, the fused model drifts from the model's own runtime by up to half a pixel
 * on box corners.
 *
 * <p>So, where the difference can be moved into weights: {@code hs_c(x) = k · hs_{1/6}(x)} with {@code k = 6c},
 * and {@code k} is multiplied into the filters of the convolutions that read the result. The factor is traced
 * through ops that are linear in it — a spatial {@code Mean}, a {@code Mul} by a tensor that does not carry it
 * (squeeze-and-excite) and a residual {@code Add} whose other operand is a convolution plus bias, which is
 * divided by {@code k} to match — to every convolution it reaches; the constant becomes exactly 1/6. Where it
 * cannot be moved (the factor would reach an activation, an output or anything else), an {@code Identity} is put
 * between the convolution and the hard-swish, so the remapper cannot fuse it and the model's own {@code c}
 * stays in force.
 *
 * <p>Runs after {@link GraphRewriter}, on unfused convolutions. Graphs whose hard-swish already uses 1/6, or
 * that have none, come back unchanged.
 */
final class HardSwishFolder {

    private static final float ONE_SIXTH = (float) (1.0 / 6.0);
    private static final Set<String> CONVOLUTIONS = Set.of("Conv2D", "DepthwiseConv2dNative", "_FusedConv2D");

    private final Map<String, NodeDef> nodes = new HashMap<>();
    private final Map<String, List<String>> consumers = new HashMap<>();
    private final Set<String> protectedNodes;

    private HardSwishFolder(GraphDef graph, Set<String> protectedNodes) {
        this.protectedNodes = protectedNodes;
        for (NodeDef node : graph.getNodeList()) {
            nodes.put(node.getName(), node);
            for (String input : node.getInputList()) {
                if (!input.startsWith("^")) {
                    consumers.computeIfAbsent(producer(input), k -> new ArrayList<>()).add(node.getName());
                }
            }
        }
    }

    /** One matched hard-swish: {@code out = Mul(scaled, Relu6(Add(x, 3)))}, {@code scaled = Mul(c, x)}. */
    private record HardSwish(String out, String scaled, String scaleConst, String add, String x, float c) {
    }

    static GraphDef fold(GraphDef graph, Set<String> protectedNodes) {
        return new HardSwishFolder(graph, protectedNodes).fold(graph);
    }

    private GraphDef fold(GraphDef graph) {
        Map<String, Double> constantScale = new HashMap<>();
        Map<String, HardSwish> folded = new HashMap<>();       // scaled-Mul node → its hard-swish
        Map<String, HardSwish> guarded = new HashMap<>();      // x → the hard-swish to keep unfused
        for (NodeDef node : graph.getNodeList()) {
            HardSwish hs = match(node);
            if (hs == null || Math.abs(hs.c() - ONE_SIXTH) <= Math.ulp(ONE_SIXTH)) {
                continue;
            }
            Map<String, Integer> powers = new LinkedHashMap<>(); // Const → multiply by k (+1) or by 1/k (−1)
            if (carriesOnlyIntoConvolutions(hs.out(), powers, new HashSet<>())
                    && powers.keySet().stream().noneMatch(constantScale::containsKey)) {
                double k = 6.0 * hs.c();
                powers.forEach((constant, power) -> constantScale.put(constant, power > 0 ? k : 1 / k));
                folded.put(hs.scaled(), hs);
            } else {
                guarded.put(hs.x(), hs);
            }
        }
        if (constantScale.isEmpty() && guarded.isEmpty()) {
            return graph;
        }

        GraphDef.Builder out = graph.toBuilder().clearNode();
        for (NodeDef node : graph.getNodeList()) {
            NodeDef.Builder b = node.toBuilder();
            if (constantScale.containsKey(node.getName())) {
                b.putAttr("value", AttrValue.newBuilder()
                        .setTensor(scaled(node.getAttrOrThrow("value").getTensor(), constantScale.get(node.getName())))
                        .build());
            }
            HardSwish hs = folded.get(node.getName());
            if (hs != null) {
                String oneSixth = node.getName() + "/one_sixth";
                out.addNode(floatScalar(oneSixth, ONE_SIXTH));
                for (int i = 0; i < b.getInputCount(); i++) {
                    if (producer(b.getInput(i)).equals(hs.scaleConst())) {
                        b.setInput(i, oneSixth);
                    }
                }
            }
            for (HardSwish kept : guarded.values()) {
                if (node.getName().equals(kept.scaled()) || node.getName().equals(kept.add())) {
                    for (int i = 0; i < b.getInputCount(); i++) {
                        if (b.getInput(i).equals(kept.x()) || b.getInput(i).equals(kept.x() + ":0")) {
                            b.setInput(i, guardName(kept.x()));
                        }
                    }
                }
            }
            out.addNode(b);
            if (guarded.containsKey(node.getName())) {
                // Keeps the remapper from seeing convolution → hard-swish (Identity only forwards the buffer).
                out.addNode(NodeDef.newBuilder().setName(guardName(node.getName())).setOp("Identity")
                        .setDevice(node.getDevice()).addInput(node.getName())
                        .putAttr("T", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build()));
            }
        }
        return out.build();
    }

    /**
     * Follows a tensor that carries the factor k. True if every path ends as the data input of a convolution
     * whose filter is a Const read by nothing else; {@code powers} collects those filters (+1: times k) and the
     * constants of convolutions brought to the same scale before a residual add (−1: divided by k).
     */
    private boolean carriesOnlyIntoConvolutions(String name, Map<String, Integer> powers, Set<String> carrying) {
        if (protectedNodes.contains(name) || !carrying.add(name)) {
            return false;
        }
        List<String> readers = consumers.getOrDefault(name, List.of());
        if (readers.isEmpty()) {
            return false;
        }
        for (String readerName : readers) {
            NodeDef reader = nodes.get(readerName);
            List<String> inputs = dataInputs(reader);
            long fromHere = inputs.stream().filter(i -> producer(i).equals(name)).count();
            if (CONVOLUTIONS.contains(reader.getOp())) {
                if (inputs.size() < 2 || !producer(inputs.get(0)).equals(name) || fromHere != 1
                        || !claim(producer(inputs.get(1)), reader.getName(), +1, powers)) {
                    return false;
                }
            } else if (reader.getOp().equals("Mean")) {
                // A mean over some axes is linear: mean(k·x) = k·mean(x).
                if (!producer(inputs.get(0)).equals(name) || fromHere != 1
                        || !carriesOnlyIntoConvolutions(readerName, powers, carrying)) {
                    return false;
                }
            } else if (reader.getOp().equals("Mul") && inputs.size() == 2) {
                // k·x · s = k·(x · s) as long as s does not carry k too.
                if (fromHere != 1 || !carriesOnlyIntoConvolutions(readerName, powers, carrying)) {
                    return false;
                }
            } else if ((reader.getOp().equals("Add") || reader.getOp().equals("AddV2")) && inputs.size() == 2) {
                // A residual: k·x + y = k·(x + y/k). The other operand comes to the same scale if it is
                // BiasAdd(convolution) — linear, no activation — whose filter and bias are divided by k.
                String other = inputs.stream().map(GraphNodes::producer).filter(i -> !i.equals(name))
                        .findFirst().orElse(null);
                if (fromHere != 1 || other == null || !divisibleByK(other, powers)
                        || !carriesOnlyIntoConvolutions(readerName, powers, carrying)) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return true;
    }

    /** For a BiasAdd over a convolution, each read only once: claims its filter and bias for division by k. */
    private boolean divisibleByK(String name, Map<String, Integer> powers) {
        NodeDef biasAdd = nodes.get(name);
        if (biasAdd == null || !biasAdd.getOp().equals("BiasAdd") || consumers.getOrDefault(name, List.of()).size() != 1) {
            return false;
        }
        List<String> inputs = dataInputs(biasAdd);
        NodeDef conv = nodes.get(producer(inputs.get(0)));
        if (conv == null || !(conv.getOp().equals("Conv2D") || conv.getOp().equals("DepthwiseConv2dNative"))
                || consumers.getOrDefault(conv.getName(), List.of()).size() != 1) {
            return false;
        }
        return claim(producer(dataInputs(conv).get(1)), conv.getName(), -1, powers)
                && claim(producer(inputs.get(1)), name, -1, powers);
    }

    /** Records that a float Const read only by {@code reader} is to be scaled; false if that is not possible. */
    private boolean claim(String constant, String reader, int power, Map<String, Integer> powers) {
        NodeDef c = nodes.get(constant);
        return c != null && c.getOp().equals("Const") && c.getAttrOrThrow("dtype").getType() == DataType.DT_FLOAT
                && consumers.getOrDefault(constant, List.of()).equals(List.of(reader))
                && powers.putIfAbsent(constant, power) == null;
    }

    /** The hard-swish whose output is {@code node}, or null. */
    private HardSwish match(NodeDef node) {
        if (node == null || !node.getOp().equals("Mul") || dataInputs(node).size() != 2) {
            return null;
        }
        List<String> inputs = dataInputs(node);
        for (int r = 0; r < 2; r++) {
            NodeDef relu6 = nodes.get(producer(inputs.get(r)));
            NodeDef scaled = nodes.get(producer(inputs.get(1 - r)));
            if (relu6 == null || scaled == null || !relu6.getOp().equals("Relu6") || !scaled.getOp().equals("Mul")) {
                continue;
            }
            NodeDef add = nodes.get(producer(dataInputs(relu6).get(0)));
            if (add == null || !(add.getOp().equals("Add") || add.getOp().equals("AddV2"))) {
                continue;
            }
            Operands plus = constantAndOther(add);
            Operands times = constantAndOther(scaled);
            if (plus == null || times == null || plus.value() != 3f || !plus.other().equals(times.other())
                    || !isFirstOutput(times.other()) || Math.abs(times.value() * 6f - 1f) > 1e-3f
                    || consumers.getOrDefault(scaled.getName(), List.of()).size() != 1
                    || consumers.getOrDefault(add.getName(), List.of()).size() != 1
                    || consumers.getOrDefault(relu6.getName(), List.of()).size() != 1) {
                continue;
            }
            return new HardSwish(node.getName(), scaled.getName(), times.constant(), add.getName(), producer(times.other()),
                    times.value());
        }
        return null;
    }

    private record Operands(String constant, float value, String other) {
    }

    /** For a binary op with one scalar float Const operand: that Const, its value and the other operand. */
    private Operands constantAndOther(NodeDef op) {
        List<String> inputs = dataInputs(op);
        if (inputs.size() != 2) {
            return null;
        }
        for (int c = 0; c < 2; c++) {
            Float v = scalar(nodes.get(producer(inputs.get(c))));
            if (v != null) {
                return new Operands(producer(inputs.get(c)), v, inputs.get(1 - c));
            }
        }
        return null;
    }

    private static Float scalar(NodeDef node) {
        if (node == null || !node.getOp().equals("Const")) {
            return null;
        }
        TensorProto t = node.getAttrOrThrow("value").getTensor();
        if (t.getDtype() != DataType.DT_FLOAT) {
            return null;
        }
        if (t.getFloatValCount() == 1 && t.getTensorContent().isEmpty()) {
            return t.getFloatVal(0);
        }
        if (t.getTensorContent().size() == 4) {
            return t.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).getFloat();
        }
        return null;
    }

    private static TensorProto scaled(TensorProto t, double k) {
        TensorProto.Builder b = t.toBuilder();
        if (!t.getTensorContent().isEmpty()) {
            FloatBuffer in = t.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            ByteBuffer out = ByteBuffer.allocate(t.getTensorContent().size()).order(ByteOrder.LITTLE_ENDIAN);
            while (in.hasRemaining()) {
                out.putFloat((float) (in.get() * k));
            }
            b.setTensorContent(ByteString.copyFrom(out.array()));
        } else {
            for (int i = 0; i < t.getFloatValCount(); i++) {
                b.setFloatVal(i, (float) (t.getFloatVal(i) * k));
            }
        }
        return b.build();
    }

    private static NodeDef floatScalar(String name, float value) {
        ByteBuffer bytes = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value);
        TensorProto t = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT)
                .setTensorShape(TensorShapeProto.getDefaultInstance())
                .setTensorContent(ByteString.copyFrom(bytes.array())).build();
        return NodeDef.newBuilder().setName(name).setOp("Const")
                .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build())
                .putAttr("value", AttrValue.newBuilder().setTensor(t).build()).build();
    }

    private static String guardName(String x) {
        return x + "/_keep_hard_swish_unfused";
    }

    private static List<String> dataInputs(NodeDef node) {
        return node.getInputList().stream().filter(i -> !i.startsWith("^")).toList();
    }

    private static boolean isFirstOutput(String input) {
        return !input.startsWith("^") && (input.indexOf(':') < 0 || input.endsWith(":0"));
    }
}
