package dev.halfday.engine.detect.tfjs;

import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Converts a TF.js graph model into a TensorFlow {@link GraphDef}: parses the topology, fills every Const from
 * the weight bytes in manifest order (float16 → float32, int32 raw or widened to int64) and rewrites TF.js-only
 * ops ({@link GraphRewriter}); then, for speed without changing results, moves hard-swish's float16 constant into
 * weights so TensorFlow can fuse it ({@link HardSwishFolder}), splits a TopK over one huge row into two
 * parallel stages ({@link TopKSplitter}) and computes a per-pixel head only at the pixels gathered from it
 * ({@link GatherPushdown}).
 * Pure and deterministic: the same files always give the same bytes, which is what makes
 * {@link ConvertedGraphCache} safe.
 */
public final class TfjsGraphConverter {

    /** Bump whenever the conversion's output changes, so older cached graphs are not reused. */
    public static final String VERSION = "6";

    private TfjsGraphConverter() {
    }

    /** The key a converted graph is cached under: the model's content hash combined with {@link #VERSION}. */
    public static String cacheKey(TfjsGraphModel model) {
        MessageDigest sha = TfjsGraphModel.sha256();
        sha.update(("halfday-tfjs-converter-" + VERSION + "\n").getBytes(StandardCharsets.UTF_8));
        sha.update(model.contentHash().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha.digest());
    }

    public static ConvertedModel convert(TfjsGraphModel model) throws IOException {
        GraphDef topology = model.topology();
        GraphDef filled = fillConstants(topology, model.weightSpecs(), model.weightBytes(), model.location());
        Set<String> fetched = model.signatureOutputs().stream().map(TensorSpec::name).collect(Collectors.toSet());
        GraphDef runnable = GatherPushdown.push(
                TopKSplitter.split(HardSwishFolder.fold(GraphRewriter.rewrite(filled), fetched), fetched));
        return new ConvertedModel(runnable, model.signatureInputs(), model.signatureOutputs(), cacheKey(model));
    }

    private static GraphDef fillConstants(GraphDef topology, List<WeightSpec> specs, byte[] weights,
                                          String location) throws IOException {
        Map<String, Integer> nodeIndex = new HashMap<>();
        for (int i = 0; i < topology.getNodeCount(); i++) {
            nodeIndex.put(topology.getNode(i).getName(), i);
        }
        GraphDef.Builder graph = topology.toBuilder();
        long offset = 0;
        for (WeightSpec spec : specs) {
            long size = spec.storedBytes();
            if (offset + size > weights.length) {
                throw new IOException(location + ": the weight files end early (weight " + spec.name() + " needs bytes "
                        + offset + ".." + (offset + size) + ", the files hold " + weights.length + ")");
            }
            ByteBuffer stored = ByteBuffer.wrap(weights, (int) offset, (int) size);
            offset += size;
            Integer index = nodeIndex.get(spec.name());
            if (index == null) {
                // TF.js keeps weights a graph no longer uses; skipping them keeps later offsets right.
                continue;
            }
            NodeDef node = graph.getNode(index);
            if (!node.getOp().equals("Const")) {
                throw new IOException(location + ": weight " + spec.name() + " fills a " + node.getOp() + ", not a Const");
            }
            graph.setNode(index, withValue(node, spec, stored));
        }
        if (offset != weights.length) {
            throw new IOException(location + ": the weight files hold " + weights.length
                    + " bytes but the manifest describes " + offset);
        }
        return graph.build();
    }

    private static NodeDef withValue(NodeDef node, WeightSpec spec, ByteBuffer stored) {
        DataType dtype = node.getAttrOrThrow("dtype").getType();
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : spec.shape()) {
            shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
        }
        TensorProto tensor = TensorProto.newBuilder()
                .setDtype(dtype)
                .setTensorShape(shape)
                .setTensorContent(WeightDecoder.decode(spec, stored, dtype))
                .build();
        return node.toBuilder().putAttr("value", AttrValue.newBuilder().setTensor(tensor).build()).build();
    }
}
