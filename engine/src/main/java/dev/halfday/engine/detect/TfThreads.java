package dev.halfday.engine.detect;

import org.tensorflow.proto.ConfigProto;

/**
 * TensorFlow's thread pools for a detector's session.
 *
 * @param intraOp threads one op may use (0 = TensorFlow's choice: one per core)
 * @param interOp ops run at the same time (0 = TensorFlow's choice)
 */
public record TfThreads(int intraOp, int interOp) {

    /** System properties that override the defaults, for measuring other settings without rebuilding. */
    public static final String INTRA_PROPERTY = "halfday.tf.intraOpThreads";
    public static final String INTER_PROPERTY = "halfday.tf.interOpThreads";

    public TfThreads {
        if (intraOp < 0 || interOp < 0) {
            throw new IllegalArgumentException("thread counts must be 0 (automatic) or more");
        }
    }

    /**
     * The measured best for the CenterNet detector on this project's 2-core machines, overridable by the system
     * properties above. See {@code bench detect --threads} and the README's benchmark section.
     */
    public static TfThreads defaults() {
        return new TfThreads(Integer.getInteger(INTRA_PROPERTY, 0), Integer.getInteger(INTER_PROPERTY, 0));
    }

    public ConfigProto toConfig() {
        return ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(intraOp)
                .setInterOpParallelismThreads(interOp)
                .build();
    }

    @Override
    public String toString() {
        return "intra=" + intraOp + ",inter=" + interOp;
    }
}
