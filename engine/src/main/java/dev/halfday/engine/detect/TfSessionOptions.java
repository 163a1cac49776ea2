package dev.halfday.engine.detect;

import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * How a detector's TensorFlow session runs: its thread pools and whether Grappler (TensorFlow's graph
 * optimizer) rewrites the graph before the first run.
 *
 * <p>Measured on this project's 2-core machines (see the README's benchmark section): TensorFlow's automatic
 * thread counts (one per core) beat one intra-op thread, and for the converted CenterNet graph Grappler only
 * costs time — the first run is about 0.5–1 s faster without it and later runs are no slower, with identical
 * outputs (the TF.js export is already optimised and fused). SavedModels keep Grappler: their graphs call
 * functions that it inlines.
 *
 * @param intraOp        threads one op may use (0 = TensorFlow's choice: one per core)
 * @param interOp        ops run at the same time (0 = TensorFlow's choice)
 * @param graphOptimizer run Grappler
 */
public record TfSessionOptions(int intraOp, int interOp, boolean graphOptimizer) {

    /** System properties that override the defaults, for measuring other settings without rebuilding. */
    public static final String INTRA_PROPERTY = "halfday.tf.intraOpThreads";
    public static final String INTER_PROPERTY = "halfday.tf.interOpThreads";
    public static final String GRAPPLER_PROPERTY = "halfday.tf.grappler";

    public TfSessionOptions {
        if (intraOp < 0 || interOp < 0) {
            throw new IllegalArgumentException("thread counts must be 0 (automatic) or more");
        }
    }

    /** For graphs converted from TF.js: automatic threads, no Grappler (unless the properties say otherwise). */
    public static TfSessionOptions forConvertedGraph() {
        return fromProperties(false);
    }

    /** For SavedModels: automatic threads, Grappler on (unless the properties say otherwise). */
    public static TfSessionOptions forSavedModel() {
        return fromProperties(true);
    }

    private static TfSessionOptions fromProperties(boolean grappler) {
        String g = System.getProperty(GRAPPLER_PROPERTY);
        return new TfSessionOptions(Integer.getInteger(INTRA_PROPERTY, 0), Integer.getInteger(INTER_PROPERTY, 0),
                g == null ? grappler : Boolean.parseBoolean(g));
    }

    public ConfigProto toConfig() {
        ConfigProto.Builder config = ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(intraOp)
                .setInterOpParallelismThreads(interOp);
        if (!graphOptimizer) {
            config.setGraphOptions(GraphOptions.newBuilder()
                    .setRewriteOptions(RewriterConfig.newBuilder().setDisableMetaOptimizer(true)));
        }
        return config.build();
    }

    @Override
    public String toString() {
        return "intra=" + intraOp + ",inter=" + interOp + ",grappler=" + (graphOptimizer ? "on" : "off");
    }
}
