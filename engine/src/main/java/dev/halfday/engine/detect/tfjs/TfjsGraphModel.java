package dev.halfday.engine.detect.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import org.tensorflow.proto.GraphDef;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The files of a TF.js "graph-model" as read from disk, not yet converted: the topology (a GraphDef whose
 * Const nodes have no values), the weight specs in manifest order, the concatenated weight bytes and the
 * signature. Reading is cheap; {@link TfjsGraphConverter} does the conversion.
 */
public final class TfjsGraphModel {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ModelFiles files;
    private final String jsonName;
    private final JsonNode root;
    private final byte[] weights;
    private final List<WeightSpec> specs;
    private final String contentHash;

    private TfjsGraphModel(ModelFiles files, String jsonName, JsonNode root, byte[] weights, List<WeightSpec> specs,
                           String contentHash) {
        this.files = files;
        this.jsonName = jsonName;
        this.root = root;
        this.weights = weights;
        this.specs = specs;
        this.contentHash = contentHash;
    }

    /** Whether {@code json} is a TF.js graph model's JSON (has a topology and a weights manifest). */
    public static boolean isGraphModelJson(byte[] json) {
        try {
            JsonNode root = JSON.readTree(json);
            return root != null && root.has("modelTopology") && root.has("weightsManifest")
                    && !"layers-model".equals(root.path("format").asText());
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads the model JSON and every weight file it names. */
    public static TfjsGraphModel read(ModelFiles files, String jsonName) throws IOException {
        byte[] jsonBytes = files.read(jsonName);
        MessageDigest sha = sha256();
        sha.update(jsonBytes);
        JsonNode root = JSON.readTree(jsonBytes);
        if (root == null || !root.has("modelTopology") || !root.has("weightsManifest")) {
            throw new IOException(files.location() + "/" + jsonName
                    + " is not a TF.js graph model (no modelTopology or weightsManifest)");
        }
        List<WeightSpec> specs = new ArrayList<>();
        ByteArrayOutputStream weightBytes = new ByteArrayOutputStream();
        for (JsonNode group : root.get("weightsManifest")) {
            for (JsonNode path : group.path("paths")) {
                byte[] shard = files.read(path.asText());
                sha.update(shard);
                weightBytes.write(shard);
            }
            for (JsonNode w : group.path("weights")) {
                specs.add(parseSpec(w));
            }
        }
        return new TfjsGraphModel(files, jsonName, root, weightBytes.toByteArray(), List.copyOf(specs),
                HexFormat.of().formatHex(sha.digest()));
    }

    private static WeightSpec parseSpec(JsonNode w) {
        List<Long> shape = new ArrayList<>();
        for (JsonNode d : w.path("shape")) {
            shape.add(d.asLong());
        }
        WeightSpec.Quantization q = null;
        JsonNode qn = w.get("quantization");
        if (qn != null && !qn.isNull()) {
            q = new WeightSpec.Quantization(qn.path("dtype").asText(), qn.path("scale").asDouble(1.0),
                    qn.path("min").asDouble(0.0));
        }
        return new WeightSpec(w.path("name").asText(), shape, w.path("dtype").asText(), q);
    }

    /** The topology as written by the TF.js converter: a GraphDef in protobuf JSON, Const values empty. */
    GraphDef topology() throws InvalidProtocolBufferException {
        GraphDef.Builder builder = GraphDef.newBuilder();
        JsonFormat.parser().ignoringUnknownFields().merge(root.get("modelTopology").toString(), builder);
        return builder.build();
    }

    List<WeightSpec> weightSpecs() {
        return specs;
    }

    /** All weight shards concatenated in manifest order. */
    byte[] weightBytes() {
        return weights;
    }

    List<TensorSpec> signatureInputs() {
        return signature("inputs");
    }

    List<TensorSpec> signatureOutputs() {
        return signature("outputs");
    }

    private List<TensorSpec> signature(String which) {
        List<TensorSpec> result = new ArrayList<>();
        root.path("signature").path(which).forEach(t -> {
            List<Long> shape = new ArrayList<>();
            t.path("tensorShape").path("dim").forEach(d -> shape.add(d.path("size").asLong(-1)));
            String name = t.path("name").asText();
            // Signature names may carry an output index ("x:0"); the node name is what callers fetch.
            int colon = name.lastIndexOf(':');
            if (colon > 0 && name.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                name = name.substring(0, colon);
            }
            result.add(new TensorSpec(name, t.path("dtype").asText(), shape));
        });
        return result;
    }

    /** SHA-256 (hex) over the model JSON and weight files, in the order read. */
    public String contentHash() {
        return contentHash;
    }

    public String location() {
        return files.location() + (files.location().endsWith("/") ? "" : "/") + jsonName;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
