package dev.halfday.engine.detect;

import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

import java.util.Locale;

/**
 * How a detector's TensorFlow session runs: its thread pools and how much of Grappler (TensorFlow's graph
 * optimizer) rewrites the graph before the first run.
 *
 * <p>Measured on this project's 2-core machine (see the README's benchmark section): TensorFlow's automatic
 * thread counts (one per core) beat one intra-op thread. For graphs converted from TF.js only Grappler's
 * remapper pays: it fuses each convolution with its bias and activation and, with oneDNN kernels, with the
 * hard-swish or residual Add after it (the converter leaves convolutions unfused for that reason); the other
 * passes find nothing in an exported graph and cost about 0.2 s more on the first run. SavedModels keep all of
 * Grappler: their graphs call functions that it inlines.
 *
 * @param intraOp   threads one op may use (0 = TensorFlow's choice: one per core)
 * @param interOp   ops run at the same time (0 = TensorFlow's choice)
 * @param optimizer which Grappler passes run
 */
public record TfSessionOptions(int intraOp, int interOp, GraphOptimizer optimizer) {

    /** System properties that override the defaults, for measuring other settings without rebuilding. */
    public static final String INTRA_PROPERTY = "halfday.tf.intraOpThreads";
    public static final String INTER_PROPERTY = "halfday.tf.interOpThreads";
    /** {@code off}, {@code remap} or {@code on}; see {@link GraphOptimizer}. */
    public static final String GRAPPLER_PROPERTY = "halfday.tf.grappler";

    /** How much of Grappler runs. */
    public enum GraphOptimizer {
        /** None of it. */
        OFF("off"),
        /** Only the remapper, which fuses ops into TensorFlow's (or oneDNN's) fused kernels. */
        REMAPPER("remap"),
        /** TensorFlow's default set of passes. */
        ALL("on");

        private final String word;

        GraphOptimizer(String word) {
            this.word = word;
        }

        /** The word the property and the bench option use. */
        public String word() {
            return word;
        }

        /** {@code off}, {@code remap} or {@code on} ({@code false}/{@code true} are accepted too). */
        public static GraphOptimizer parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "off", "false" -> OFF;
                case "remap" -> REMAPPER;
                case "on", "true" -> ALL;
                default -> throw new IllegalArgumentException("Grappler setting '" + text + "': want off, remap or on");
            };
        }
    }

    public TfSessionOptions {
        if (intraOp < 0 || interOp < 0) {
            throw new IllegalArgumentException("thread counts must be 0 (automatic) or more");
        }
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer must be set");
        }
    }

    /** For graphs converted from TF.js: automatic threads, only the remapper (unless the properties say otherwise). */
    public static TfSessionOptions forConvertedGraph() {
        return fromProperties(GraphOptimizer.REMAPPER);
    }

    /** For SavedModels: automatic threads, all of Grappler (unless the properties say otherwise). */
    public static TfSessionOptions forSavedModel() {
        return fromProperties(GraphOptimizer.ALL);
    }

    private static TfSessionOptions fromProperties(GraphOptimizer standard) {
        String g = System.getProperty(GRAPPLER_PROPERTY);
        return new TfSessionOptions(Integer.getInteger(INTRA_PROPERTY, 0), Integer.getInteger(INTER_PROPERTY, 0),
                g == null ? standard : GraphOptimizer.parse(g));
    }

    public ConfigProto toConfig() {
        ConfigProto.Builder config = ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(intraOp)
                .setInterOpParallelismThreads(interOp);
        switch (optimizer) {
            case OFF -> config.setGraphOptions(GraphOptions.newBuilder()
                    .setRewriteOptions(RewriterConfig.newBuilder().setDisableMetaOptimizer(true)));
            // A non-empty list replaces Grappler's default passes with exactly these.
            case REMAPPER -> config.setGraphOptions(GraphOptions.newBuilder()
                    .setRewriteOptions(RewriterConfig.newBuilder().addOptimizers("remap")));
            case ALL -> {
            }
        }
        return config.build();
    }

    @Override
    public String toString() {
        return "intra=" + intraOp + ",inter=" + interOp + ",grappler=" + optimizer.word();
    }
}
