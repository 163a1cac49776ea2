package dev.halfday.engine.gan.model;

import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

/** The session settings the training graph runs with. */
final class TrainingSessions {

    private TrainingSessions() {
    }

    /**
     * TF's defaults, except one: with oneDNN kernels on ({@code TF_ENABLE_ONEDNN_OPTS=1}), TF 2.18's grappler
     * "remapper" fails on this graph (it fuses a LeakyRelu whose input also feeds its LeakyReluGrad) and logs an
     * error for every new session; the failed pass changes nothing (measured: same CPU per step with it off, the
     * oneDNN rewrite does the fusing), so it is switched off there. With oneDNN off the remapper works and saves
     * 7 % of the CPU per step, so it stays on.
     */
    static ConfigProto standard() {
        String onednn = System.getenv("TF_ENABLE_ONEDNN_OPTS");
        boolean onednnOn = onednn != null && (onednn.equals("1") || onednn.equalsIgnoreCase("true"));
        if (!onednnOn) {
            return null;
        }
        return ConfigProto.newBuilder().setGraphOptions(GraphOptions.newBuilder()
                .setRewriteOptions(RewriterConfig.newBuilder().setRemapping(RewriterConfig.Toggle.OFF))).build();
    }
}
