package dev.halfday.engine.gan.model;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Layers built from TF core ops, in training or inference mode. Only ops whose gradients exist in TF Java's
 * C++ gradient registry are used on trainable paths (MatMul, BiasAdd, Conv2D, Conv2DBackpropInput,
 * FusedBatchNormV3 in training mode, LeakyRelu, Mul, Floor-free paths); dropout and the losses are written
 * from primitives because their Python-side ops do not exist here.
 */
public final class NetBuilder {

    private final Ops tf;
    private final WeightStore weights;
    private final boolean training;
    private final float leakySlope;
    private final Operand<TInt64> step;
    private final long seed;
    private final List<Op> statisticUpdates = new ArrayList<>();
    private int randomOps;

    /**
     * @param training   batch statistics + dropout (true) or moving statistics, no dropout (false)
     * @param step       the training step, mixed into the seed of every random op (may be null when not training)
     */
    public NetBuilder(Ops tf, WeightStore weights, boolean training, float leakySlope, Operand<TInt64> step, long seed) {
        this.tf = tf;
        this.weights = weights;
        this.training = training;
        this.leakySlope = leakySlope;
        this.step = step;
        this.seed = seed;
    }

    public Ops tf() {
        return tf;
    }

    public boolean training() {
        return training;
    }

    /** Moving-average updates of batch-norm statistics made by training-mode layers; run them every step. */
    public List<Op> statisticUpdates() {
        return statisticUpdates;
    }

    public Operand<TFloat32> dense(String name, Operand<TFloat32> x, int in, int out, boolean bias) {
        Variable<TFloat32> w = weights.trainable(name + "_w", Shape.of(in, out), WeightStore.Init.GLOROT_UNIFORM, in, out);
        Operand<TFloat32> y = tf.linalg.matMul(x, w);
        return bias ? tf.nn.biasAdd(y, weights.trainable(name + "_b", Shape.of(out), WeightStore.Init.ZEROS, 0, 0)) : y;
    }

    /** A "same"-padded convolution with a square kernel. */
    public Operand<TFloat32> conv(String name, Operand<TFloat32> x, int kernel, int in, int out, int stride, boolean bias) {
        long area = (long) kernel * kernel;
        Variable<TFloat32> w = weights.trainable(name + "_w", Shape.of(kernel, kernel, in, out),
                WeightStore.Init.GLOROT_UNIFORM, area * in, area * out);
        Operand<TFloat32> y = tf.nn.conv2d(x, w, List.of(1L, (long) stride, (long) stride, 1L), "SAME");
        return bias ? tf.nn.biasAdd(y, weights.trainable(name + "_b", Shape.of(out), WeightStore.Init.ZEROS, 0, 0)) : y;
    }

    /**
     * A "same"-padded transposed convolution (Keras Conv2DTranspose) producing {@code outSize×outSize×out}.
     * Conv2DBackpropInput needs the whole output shape, batch included, so the batch is read from the input.
     *
     * <p>At stride 1 a transposed convolution is an ordinary convolution whose kernel is flipped in space with
     * its channel axes swapped; as the kernel is learned (and its Glorot initialisation is symmetric) the two
     * are the same layer. Conv2D runs it about twice as fast as Conv2DBackpropInput on CPU, so stride 1 keeps
     * its kernel in the convolution's layout and uses Conv2D.
     */
    public Operand<TFloat32> deconv(String name, Operand<TFloat32> x, int kernel, int in, int out, int stride, int outSize) {
        if (stride == 1) {
            return conv(name, x, kernel, in, out, 1, false);
        }
        long area = (long) kernel * kernel;
        Variable<TFloat32> w = weights.trainable(name + "_w", Shape.of(kernel, kernel, out, in),
                WeightStore.Init.GLOROT_UNIFORM, area * out, area * in);
        Operand<TInt32> batch = tf.stridedSlice(tf.shape(x), Indices.range(0, 1));
        Operand<TInt32> outputShape = tf.concat(List.of(batch, tf.constant(new int[] {outSize, outSize, out})),
                tf.constant(0));
        return tf.nn.conv2dBackpropInput(outputShape, w, x, List.of(1L, (long) stride, (long) stride, 1L), "SAME");
    }

    /**
     * Batch normalisation over the last axis of an NHWC tensor (Keras BatchNormalization: momentum 0.99,
     * ε 1e-3, γ and β trainable). Training mode normalises with the batch's statistics and queues the
     * moving-average update; inference mode uses the moving statistics.
     */
    public Operand<TFloat32> batchNorm(String name, Operand<TFloat32> x, int channels) {
        Shape c = Shape.of(channels);
        Variable<TFloat32> gamma = weights.trainable(name + "_gamma", c, WeightStore.Init.ONES, 0, 0);
        Variable<TFloat32> beta = weights.trainable(name + "_beta", c, WeightStore.Init.ZEROS, 0, 0);
        Variable<TFloat32> mean = weights.statistic(name + "_mean", c, 0f);
        Variable<TFloat32> variance = weights.statistic(name + "_var", c, 1f);
        FusedBatchNorm<TFloat32, TFloat32> bn = tf.nn.fusedBatchNorm(x, gamma, beta, mean, variance,
                FusedBatchNorm.epsilon(1e-3f), FusedBatchNorm.isTraining(training));
        if (training) {
            statisticUpdates.add(movingAverage(mean, bn.batchMean()));
            statisticUpdates.add(movingAverage(variance, bn.batchVariance()));
        }
        return bn.y();
    }

    /** Batch normalisation per feature of a [batch, features] tensor (what Keras does after a Dense layer). */
    public Operand<TFloat32> batchNormFeatures(String name, Operand<TFloat32> x, int features) {
        Operand<TFloat32> as4d = tf.reshape(x, tf.constant(new int[] {-1, 1, 1, features}));
        return tf.reshape(batchNorm(name, as4d, features), tf.constant(new int[] {-1, features}));
    }

    public Operand<TFloat32> leakyRelu(Operand<TFloat32> x) {
        return tf.nn.leakyRelu(x, LeakyRelu.alpha(leakySlope));
    }

    /**
     * Inverted dropout from primitives: keep each unit with probability 1−rate and scale kept units by
     * 1/(1−rate); floor(u + keep) is 1 with probability keep. Identity outside training.
     */
    public Operand<TFloat32> dropout(Operand<TFloat32> x, float rate) {
        if (!training || rate == 0f) {
            return x;
        }
        float keep = 1f - rate;
        Operand<TFloat32> u = tf.random.statelessRandomUniform(tf.shape(x), nextSeed());
        Operand<TFloat32> mask = tf.math.floor(tf.math.add(u, tf.constant(keep)));
        return tf.math.mul(x, tf.math.mul(mask, tf.constant(1f / keep)));
    }

    /** Standard-normal noise of shape [rows, columns], different at every step, reproducible from the seed. */
    public Operand<TFloat32> noise(int rows, int columns) {
        return tf.random.statelessRandomNormal(tf.constant(new int[] {rows, columns}), nextSeed());
    }

    /** A seed pair for a stateless random op: (run seed mixed with the op's position, training step). */
    private Operand<TInt64> nextSeed() {
        if (step == null) {
            throw new IllegalStateException("random ops need the step input");
        }
        long opSeed = seed * 31 + (++randomOps) * 0x632BE59BD9B4E019L;
        return tf.concat(List.of(tf.constant(new long[] {opSeed}), tf.reshape(step, tf.constant(new int[] {1}))),
                tf.constant(0));
    }

    private Op movingAverage(Variable<TFloat32> average, Operand<TFloat32> batchValue) {
        float momentum = 0.99f;
        Operand<TFloat32> updated = tf.math.add(tf.math.mul(average, tf.constant(momentum)),
                tf.math.mul(batchValue, tf.constant(1f - momentum)));
        return tf.assign(average, updated);
    }
}
