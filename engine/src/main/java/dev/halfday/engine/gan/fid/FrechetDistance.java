package dev.halfday.engine.gan.fid;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.linalg.SelfAdjointEig;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat64;

/**
 * The Fréchet distance between two Gaussians fitted to feature vectors (the "FID" of Heusel et al. 2017):
 * |μ₁ − μ₂|² + Tr(Σ₁) + Tr(Σ₂) − 2·Tr((Σ₁Σ₂)^½).
 *
 * <p>Tr((Σ₁Σ₂)^½) equals Tr((Σ₁^½ Σ₂ Σ₁^½)^½), whose argument is symmetric positive semi-definite, so two
 * symmetric eigendecompositions suffice (TensorFlow's SelfAdjointEigV2, in float64); eigenvalues that
 * rounding makes slightly negative are clamped to zero. Not thread-safe.
 */
public final class FrechetDistance implements AutoCloseable {

    private final Graph graph = new Graph();
    private final Session session;
    private final Placeholder<TFloat64> first;
    private final Placeholder<TFloat64> second;
    private final Operand<TFloat64> traceOfRoot;

    public FrechetDistance() {
        Ops tf = Ops.create(graph);
        first = tf.placeholder(TFloat64.class, Placeholder.shape(Shape.of(-1, -1)));
        second = tf.placeholder(TFloat64.class, Placeholder.shape(Shape.of(-1, -1)));
        SelfAdjointEig<TFloat64> eig1 = tf.linalg.selfAdjointEig(first, SelfAdjointEig.computeV(true));
        Operand<TFloat64> roots1 = tf.math.sqrt(tf.math.maximum(eig1.e(), tf.constant(0.0)));
        // Σ₁^½ = V diag(√λ) Vᵀ; V·diag(√λ) scales V's columns, which broadcasting does.
        Operand<TFloat64> sqrt1 = tf.linalg.matMul(tf.math.mul(eig1.v(), roots1), eig1.v(), MatMul.transposeB(true));
        Operand<TFloat64> inner = tf.linalg.matMul(tf.linalg.matMul(sqrt1, second), sqrt1);
        // Symmetrise against rounding before the second decomposition.
        Operand<TFloat64> symmetric = tf.math.mul(tf.math.add(inner, tf.linalg.transpose(inner, tf.constant(new int[] {1, 0}))),
                tf.constant(0.5));
        SelfAdjointEig<TFloat64> eig2 = tf.linalg.selfAdjointEig(symmetric, SelfAdjointEig.computeV(false));
        traceOfRoot = tf.sum(tf.math.sqrt(tf.math.maximum(eig2.e(), tf.constant(0.0))), tf.constant(0));
        session = new Session(graph, ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(1).setInterOpParallelismThreads(1).build());
    }

    public double between(FeatureStatistics a, FeatureStatistics b) {
        int d = a.dimension();
        if (b.dimension() != d) {
            throw new IllegalArgumentException("feature sizes differ: " + d + " and " + b.dimension());
        }
        double meanTerm = 0;
        double traces = 0;
        for (int i = 0; i < d; i++) {
            double diff = a.mean()[i] - b.mean()[i];
            meanTerm += diff * diff;
            traces += a.covariance()[i][i] + b.covariance()[i][i];
        }
        try (TFloat64 s1 = matrix(a.covariance()); TFloat64 s2 = matrix(b.covariance());
             Result r = session.runner().feed(first, s1).feed(second, s2).fetch(traceOfRoot).run()) {
            double root = ((TFloat64) r.get(0)).getDouble();
            return Math.max(0, meanTerm + traces - 2 * root);
        }
    }

    private static TFloat64 matrix(double[][] m) {
        int d = m.length;
        double[] flat = new double[d * d];
        for (int i = 0; i < d; i++) {
            System.arraycopy(m[i], 0, flat, i * d, d);
        }
        return TFloat64.tensorOf(Shape.of(d, d), DataBuffers.of(flat, true, false));
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
