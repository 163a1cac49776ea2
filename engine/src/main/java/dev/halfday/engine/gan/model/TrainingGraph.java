package dev.halfday.engine.gan.model;

import dev.halfday.engine.gan.GanConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.framework.optimizers.Optimizer.GradAndVar;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/**
 * The whole DCGAN training graph in one TF session: one {@link #step} call is one {@code session.run} that
 * draws the noise in the graph, runs G, D on real and on generated images, computes both losses, both
 * networks' gradients (each with respect to its own variables only) and applies both Adam updates plus the
 * batch-norm statistic updates. A second path samples images from given noise with the moving statistics.
 *
 * <p>Both networks are updated from the same forward pass, as in the tutorial: the Adam updates wait (via a
 * control-dependency barrier) until every gradient is computed, so the generator's gradient never sees a
 * half-updated discriminator. Not thread-safe: one thread drives it.
 */
public final class TrainingGraph implements AutoCloseable {

    private static final String GENERATOR = "g_";
    private static final String DISCRIMINATOR = "d_";

    private final GanConfig config;
    private final Graph graph;
    private final Session session;
    private final Placeholder<TUint8> realImages;
    private final Placeholder<TInt64> step;
    private final Placeholder<TFloat32> sampleNoise;
    private final Operand<TFloat32> sampleImages;
    private final Operand<TFloat32> metrics;
    private final Op train;
    private final AdjustableAdam generatorAdam;
    private final AdjustableAdam discriminatorAdam;
    private final Map<String, Variable<TFloat32>> generatorState;
    private final TUint8 batchTensor;
    private final byte[] batchBytes;
    private float fedGeneratorRate = Float.NaN;
    private float fedDiscriminatorRate = Float.NaN;
    private TFloat32 generatorRateTensor;
    private TFloat32 discriminatorRateTensor;
    private boolean poisonNextStep;

    private TrainingGraph(GanConfig config, ConfigProto sessionConfig) {
        this.config = config.validate();
        this.graph = new Graph();
        try {
            Ops tf = Ops.create(graph);
            int size = config.architecture().imageSize();
            int channels = config.architecture().channels();
            int batch = config.batchSize();
            DcganNetworks nets = DcganNetworks.of(config);
            WeightStore weights = new WeightStore(tf, config.seed());

            realImages = tf.withName("real_images").placeholder(TUint8.class,
                    Placeholder.shape(Shape.of(batch, size, size, channels)));
            step = tf.withName("step").placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
            NetBuilder trainNet = new NetBuilder(tf, weights, true, config.leakySlope(), step, config.seed());

            // Pixels arrive as bytes (4× less to copy than floats) and are scaled to [-1, 1] here.
            Operand<TFloat32> real = tf.math.sub(
                    tf.math.div(tf.dtypes.cast(realImages, TFloat32.class), tf.constant(127.5f)), tf.constant(1f));
            Operand<TFloat32> fake = nets.generator(trainNet, trainNet.noise(batch, config.latentDim()));
            Operand<TFloat32> realLogits = nets.discriminator(trainNet, real);
            Operand<TFloat32> fakeLogits = nets.discriminator(trainNet, fake);

            // BCE with logits from primitives: -log σ(l) = softplus(-l), -log(1-σ(l)) = softplus(l).
            Operand<TFloat32> dLoss = tf.math.add(mean(tf, tf.math.softplus(tf.math.neg(realLogits))),
                    mean(tf, tf.math.softplus(fakeLogits)));
            Operand<TFloat32> gLoss = mean(tf, tf.math.softplus(tf.math.neg(fakeLogits)));
            metrics = tf.withName("metrics").stack(List.of(dLoss, gLoss,
                    mean(tf, tf.math.sigmoid(realLogits)), mean(tf, tf.math.sigmoid(fakeLogits))));

            List<Variable<TFloat32>> gVars = weights.trainables(GENERATOR);
            List<Variable<TFloat32>> dVars = weights.trainables(DISCRIMINATOR);
            Output<?>[] gGrads = graph.addGradients(gLoss.asOutput(), outputs(gVars));
            Output<?>[] dGrads = graph.addGradients(dLoss.asOutput(), outputs(dVars));

            List<Op> allGradients = new ArrayList<>();
            for (Output<?> g : gGrads) {
                allGradients.add(tf.identity(g));
            }
            for (Output<?> g : dGrads) {
                allGradients.add(tf.identity(g));
            }
            Op barrier = tf.withControlDependencies(allGradients).noOp();
            Ops afterBarrier = tf.withControlDependencies(List.of(barrier));

            generatorAdam = new AdjustableAdam(graph, "g_adam", config.generatorLearningRate(), config.beta1(),
                    config.beta2(), config.epsilon());
            discriminatorAdam = new AdjustableAdam(graph, "d_adam", config.discriminatorLearningRate(), config.beta1(),
                    config.beta2(), config.epsilon());
            Op gApply = generatorAdam.applyGradients(pairs(afterBarrier, gGrads, gVars), "g_apply");
            Op dApply = discriminatorAdam.applyGradients(pairs(afterBarrier, dGrads, dVars), "d_apply");

            List<Op> all = new ArrayList<>(List.of(gApply, dApply));
            all.addAll(trainNet.statisticUpdates());
            train = tf.withName("train_step").withControlDependencies(all).noOp();

            NetBuilder sampleNet = new NetBuilder(tf, weights, false, config.leakySlope(), null, config.seed());
            sampleNoise = tf.withName("sample_noise").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, config.latentDim())));
            sampleImages = tf.withName("sample_images").identity(nets.generator(sampleNet, sampleNoise));
            generatorState = weights.all(GENERATOR);

            session = sessionConfig == null ? new Session(graph) : new Session(graph, sessionConfig);
            session.initialize();
            batchBytes = new byte[batch * config.architecture().pixelsPerImage()];
            batchTensor = TUint8.tensorOf(Shape.of(batch, size, size, channels));
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    /** Builds the graph and a session with TF's default threading, weights freshly initialised from the seed. */
    public static TrainingGraph create(GanConfig config) {
        return new TrainingGraph(config, TrainingSessions.standard());
    }

    public static TrainingGraph create(GanConfig config, ConfigProto sessionConfig) {
        return new TrainingGraph(config, sessionConfig);
    }

    public GanConfig config() {
        return config;
    }

    /**
     * Trains one step.
     *
     * @param stepIndex   0-based index of this step; seeds this step's noise and dropout
     * @param pixels      the real batch, {@code batch×size×size×channels} bytes
     */
    public StepMetrics step(long stepIndex, byte[] pixels, float generatorRate, float discriminatorRate) {
        System.arraycopy(pixels, 0, batchBytes, 0, batchBytes.length);
        batchTensor.copyFrom(DataBuffers.of(batchBytes, true, false));
        boolean poison = poisonNextStep;
        poisonNextStep = false;
        updateRates(poison ? Float.NaN : generatorRate, poison ? Float.NaN : discriminatorRate);
        try (TInt64 stepTensor = TInt64.scalarOf(stepIndex);
             Result result = session.runner()
                     .feed(realImages, batchTensor)
                     .feed(step, stepTensor)
                     .feed(generatorAdam.learningRate(), generatorRateTensor)
                     .feed(discriminatorAdam.learningRate(), discriminatorRateTensor)
                     .addTarget(train)
                     .fetch(metrics)
                     .run()) {
            float[] m = Tensors.toFloats(result.get(0));
            return new StepMetrics(m[0], m[1], m[2], m[3]);
        }
    }

    /**
     * Generates images from {@code count} noise vectors (row after row, {@code latentDim} floats each), with the
     * batch-norm moving statistics. Returns {@code count×size×size×channels} floats in [-1, 1].
     */
    public float[] sample(float[] noise, int count) {
        try (TFloat32 noiseTensor = Tensors.floats(Shape.of(count, config.latentDim()), noise);
             Result result = session.runner().feed(sampleNoise, noiseTensor).fetch(sampleImages).run()) {
            return Tensors.toFloats(result.get(0));
        }
    }

    /** Copies every generator variable out of the session (a few MB; milliseconds). */
    public GeneratorWeights snapshotGenerator(long atStep) {
        return GeneratorWeights.fetch(session, generatorState, atStep, config);
    }

    /** Writes every variable (weights, Adam slots and powers, batch-norm statistics) to {@code prefix}.* files. */
    public void save(Path prefix) {
        session.save(prefix.toString());
    }

    /** Reads every variable back from files written by {@link #save}. */
    public void restore(Path prefix) {
        session.restore(prefix.toString());
    }

    /**
     * Fault injection for tests of the divergence guard: the next step trains with a NaN learning rate, which
     * turns the weights into NaN exactly as a real divergence would; the step after it reports NaN losses.
     */
    public void poisonNextStep() {
        poisonNextStep = true;
    }

    @Override
    public void close() {
        closeRates();
        batchTensor.close();
        session.close();
        graph.close();
    }

    private void updateRates(float generatorRate, float discriminatorRate) {
        if (Float.compare(generatorRate, fedGeneratorRate) != 0 || generatorRateTensor == null) {
            if (generatorRateTensor != null) {
                generatorRateTensor.close();
            }
            generatorRateTensor = TFloat32.scalarOf(generatorRate);
            fedGeneratorRate = generatorRate;
        }
        if (Float.compare(discriminatorRate, fedDiscriminatorRate) != 0 || discriminatorRateTensor == null) {
            if (discriminatorRateTensor != null) {
                discriminatorRateTensor.close();
            }
            discriminatorRateTensor = TFloat32.scalarOf(discriminatorRate);
            fedDiscriminatorRate = discriminatorRate;
        }
    }

    private void closeRates() {
        if (generatorRateTensor != null) {
            generatorRateTensor.close();
        }
        if (discriminatorRateTensor != null) {
            discriminatorRateTensor.close();
        }
    }

    private static Operand<TFloat32> mean(Ops tf, Operand<TFloat32> x) {
        return tf.math.mean(tf.reshape(x, tf.constant(new int[] {-1})), tf.constant(0));
    }

    private static Output<?>[] outputs(List<Variable<TFloat32>> variables) {
        return variables.stream().map(Variable::asOutput).toArray(Output<?>[]::new);
    }

    /** Gradient/variable pairs, each gradient passed through an identity that waits for the barrier. */
    @SuppressWarnings("unchecked")
    private static List<GradAndVar<? extends TType>> pairs(Ops afterBarrier, Output<?>[] gradients,
            List<Variable<TFloat32>> variables) {
        List<GradAndVar<? extends TType>> out = new ArrayList<>();
        for (int i = 0; i < gradients.length; i++) {
            Output<TFloat32> gradient = afterBarrier.identity((Output<TFloat32>) gradients[i]).asOutput();
            out.add(new GradAndVar<>(gradient, variables.get(i).asOutput()));
        }
        return out;
    }
}
