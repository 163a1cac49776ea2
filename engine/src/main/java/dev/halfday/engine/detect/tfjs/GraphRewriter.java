package dev.halfday.engine.detect.tfjs;

import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

import java.util.List;
import java.util.Set;

/**
 * Rewrites the ops a TF.js converter leaves in a graph into ops TensorFlow core knows.
 *
 * <ul>
 *   <li>{@code FusedDepthwiseConv2dNative} is a TF.js-only name: it becomes DepthwiseConv2dNative, BiasAdd and
 *       the activation named in {@code fused_ops}; the last node keeps the original name so consumers still
 *       find it.</li>
 *   <li>{@code _FusedConv2D} is split the same way into Conv2D, BiasAdd and its activation. TensorFlow could run
 *       TF.js's fusion as it is, but it hides the ops after it: with the unfused form, Grappler's remapper
 *       (which {@link dev.halfday.engine.detect.TfSessionOptions#forConvertedGraph()} runs) fuses them again
 *       and, with oneDNN kernels, also folds in what follows — MobileNetV3's hard-swish and the residual Add —
 *       which TF.js's fusion cannot express ({@link HardSwishFolder} makes the hard-swish safe to fuse). On the
 *       bundled CenterNet the element-wise Mul, Add and Relu6 ops that run go from 134 to 43 per image.</li>
 *   <li>{@code _FusedMatMul} runs as it is (its extra inputs are typed T: no {@code TArgs} attribute to add).
 *       Activations TF's fused kernels lack (Prelu) are unfused like the convolutions.</li>
 * </ul>
 */
final class GraphRewriter {

    /** Activations TF core's _FusedMatMul kernel accepts after BiasAdd. */
    private static final Set<String> TF_FUSABLE_ACTIVATIONS = Set.of("Relu", "Relu6", "Elu", "LeakyRelu");
    private static final Set<String> CONV_ATTRS = Set.of("T", "strides", "padding", "data_format", "dilations",
            "explicit_paddings");
    private static final Set<String> MATMUL_ATTRS = Set.of("T", "transpose_a", "transpose_b");

    private GraphRewriter() {
    }

    static GraphDef rewrite(GraphDef graph) {
        GraphDef.Builder out = graph.toBuilder().clearNode();
        for (NodeDef node : graph.getNodeList()) {
            switch (node.getOp()) {
                case "FusedDepthwiseConv2dNative" -> unfuse(node, "DepthwiseConv2dNative", CONV_ATTRS, out);
                case "_FusedConv2D" -> unfuse(node, "Conv2D", CONV_ATTRS, out);
                case "_FusedMatMul" -> {
                    if (tfCanRun(node)) {
                        out.addNode(node); // its extra inputs are typed T: no TArgs attribute to add
                    } else {
                        unfuse(node, "MatMul", MATMUL_ATTRS, out);
                    }
                }
                default -> out.addNode(node);
            }
        }
        return out.build();
    }

    private static boolean tfCanRun(NodeDef node) {
        List<String> ops = fusedOps(node);
        return ops.size() <= 2 && (ops.isEmpty() || ops.get(0).equals("BiasAdd"))
                && (ops.size() < 2 || TF_FUSABLE_ACTIVATIONS.contains(ops.get(1)));
    }

    /** Splits a fused node into the base op, BiasAdd and an activation; the last one keeps the node's name. */
    private static void unfuse(NodeDef node, String baseOp, Set<String> baseAttrs, GraphDef.Builder out) {
        List<String> ops = fusedOps(node);
        List<String> dataInputs = node.getInputList().stream().filter(i -> !i.startsWith("^")).toList();
        List<String> controlInputs = node.getInputList().stream().filter(i -> i.startsWith("^")).toList();
        AttrValue t = node.getAttrOrThrow("T");

        int steps = 1 + ops.size();
        String current = stepName(node, 0, steps, baseOp);
        NodeDef.Builder base = NodeDef.newBuilder().setName(current).setOp(baseOp).setDevice(node.getDevice())
                .addInput(dataInputs.get(0)).addInput(dataInputs.get(1)).addAllInput(controlInputs);
        node.getAttrMap().forEach((k, v) -> {
            if (baseAttrs.contains(k)) {
                base.putAttr(k, v);
            }
        });
        out.addNode(base);

        int argIndex = 2;
        for (int step = 0; step < ops.size(); step++) {
            String op = ops.get(step);
            String name = stepName(node, step + 1, steps, op);
            NodeDef.Builder b = NodeDef.newBuilder().setName(name).setDevice(node.getDevice()).putAttr("T", t);
            switch (op) {
                case "BiasAdd" -> {
                    b.setOp("BiasAdd").addInput(current).addInput(dataInputs.get(argIndex++));
                    if (node.containsAttr("data_format")) {
                        b.putAttr("data_format", node.getAttrOrThrow("data_format"));
                    }
                }
                case "Relu", "Relu6", "Elu", "Sigmoid", "Tanh" -> b.setOp(op).addInput(current);
                case "LeakyRelu" -> {
                    b.setOp("LeakyRelu").addInput(current);
                    if (node.containsAttr("leakyrelu_alpha")) {
                        b.putAttr("alpha", node.getAttrOrThrow("leakyrelu_alpha"));
                    }
                }
                case "Prelu" -> {
                    // prelu(x) = relu(x) - alpha * relu(-x), built from core ops.
                    String alpha = dataInputs.get(argIndex++);
                    String pos = name + "/pos";
                    String neg = name + "/neg";
                    String negRelu = name + "/neg_relu";
                    String scaled = name + "/scaled";
                    out.addNode(NodeDef.newBuilder().setName(pos).setOp("Relu").addInput(current).putAttr("T", t));
                    out.addNode(NodeDef.newBuilder().setName(neg).setOp("Neg").addInput(current).putAttr("T", t));
                    out.addNode(NodeDef.newBuilder().setName(negRelu).setOp("Relu").addInput(neg).putAttr("T", t));
                    out.addNode(NodeDef.newBuilder().setName(scaled).setOp("Mul").addInput(alpha).addInput(negRelu)
                            .putAttr("T", t));
                    b.setOp("Sub").addInput(pos).addInput(scaled);
                }
                default -> throw new IllegalArgumentException(
                        "node " + node.getName() + ": cannot convert fused op '" + op + "'");
            }
            out.addNode(b);
            current = name;
        }
    }

    private static String stepName(NodeDef node, int step, int steps, String op) {
        return step == steps - 1 ? node.getName() : node.getName() + "/_" + op;
    }

    private static List<String> fusedOps(NodeDef node) {
        AttrValue attr = node.getAttrOrDefault("fused_ops", AttrValue.getDefaultInstance());
        return attr.getList().getSList().stream().map(b -> b.toStringUtf8()).toList();
    }
}
