import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

import java.util.Arrays;

/**
 * What this machine's TensorFlow does at its best: a 2048×2048 float matrix product (17.2 GFLOP), median of 15
 * after warm-up, reported as GFLOP/s. The reference docs/gan/README.md compares a GAN step's FLOP rate with.
 *
 * <pre>
 * mvn -q -DskipTests package
 * TF_ENABLE_ONEDNN_OPTS=1 java -cp "engine/target/classes:$(cat engine/target/classpath.txt)" tools/flops/MatMulPeak.java
 * </pre>
 */
public class MatMulPeak {
    public static void main(String[] args) {
        int n = 2048;
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            var a = tf.random.randomUniform(tf.constant(new int[] {n, n}), TFloat32.class);
            var b = tf.random.randomUniform(tf.constant(new int[] {n, n}), TFloat32.class);
            // Summing the product keeps the fetch small; the random inputs cost ~2 % of the run.
            var sum = tf.reduceSum(tf.linalg.matMul(a, b), tf.constant(new int[] {0, 1}));
            for (int i = 0; i < 3; i++) {
                s.runner().fetch(sum).run().close();
            }
            double[] ms = new double[15];
            for (int i = 0; i < ms.length; i++) {
                long t = System.nanoTime();
                s.runner().fetch(sum).run().close();
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(ms);
            double p50 = ms[ms.length / 2];
            System.out.printf("matmul n=%d p50_ms=%.1f gflops=%.1f%n", n, p50, 2.0 * n * n * n / p50 / 1e6);
        }
    }
}
