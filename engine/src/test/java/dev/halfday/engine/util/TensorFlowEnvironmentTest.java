package dev.halfday.engine.util;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** In a child JVM, so the variable really starts unset (or set) and TensorFlow really reads it. */
class TensorFlowEnvironmentTest {

    @Test
    void unsetBecomesOneAndTensorFlowRunsOneDnnKernels() throws Exception {
        assertThat(child(null)).isEqualTo("value=1 mkl_kernels=true");
    }

    @Test
    void aValueTheUserSetIsKept() throws Exception {
        assertThat(child("0")).isEqualTo("value=0 mkl_kernels=false");
        assertThat(child("1")).isEqualTo("value=1 mkl_kernels=true");
    }

    /** Runs {@link Probe} with the variable removed or set; returns its one line. */
    private static String child(String value) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Probe.class.getName()))
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().remove(TensorFlowEnvironment.ONEDNN_VARIABLE);
        if (value != null) {
            pb.environment().put(TensorFlowEnvironment.ONEDNN_VARIABLE, value);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor()).isZero();
        return out;
    }

    /** Sets the variable, then asks TensorFlow which kernel a convolution was placed on. */
    public static final class Probe {
        public static void main(String[] args) {
            String value = TensorFlowEnvironment.preferOneDnn();
            try (org.tensorflow.Graph g = new org.tensorflow.Graph()) {
                org.tensorflow.op.Ops tf = org.tensorflow.op.Ops.create(g);
                // A fed input, so Grappler cannot fold the convolution away.
                var x = tf.placeholder(org.tensorflow.types.TFloat32.class);
                var w = tf.zeros(tf.constant(new long[] {1, 1, 4, 4}), org.tensorflow.types.TFloat32.class);
                var y = tf.nn.conv2d(x, w, List.of(1L, 1L, 1L, 1L), "SAME");
                try (org.tensorflow.Session s = new org.tensorflow.Session(g);
                     var in = org.tensorflow.types.TFloat32.tensorOf(org.tensorflow.ndarray.Shape.of(1, 8, 8, 4));
                     org.tensorflow.Result r = s.runner().feed(x, in).fetch(y)
                             .setOptions(org.tensorflow.proto.RunOptions.newBuilder().setOutputPartitionGraphs(true).build())
                             .runAndFetchMetadata()) {
                    boolean mkl = r.getMetadata().orElseThrow().getPartitionGraphsList().stream()
                            .flatMap(p -> p.getNodeList().stream()).anyMatch(n -> n.getOp().startsWith("_Mkl"));
                    System.out.println("value=" + value + " mkl_kernels=" + mkl);
                }
            }
        }
    }
}
