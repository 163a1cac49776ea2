package dev.halfday.engine.gan;

import java.util.ArrayList;
import java.util.List;

/**
 * Hyper-parameters of a GAN run.
 *
 * <p>Two presets. {@link #tutorial} is exactly the TF 2.0 DCGAN tutorial's: batch 256, Adam 1e-4 for both
 * networks with Keras' β1 0.9, β2 0.999, ε 1e-7. {@link #defaults} keeps the tutorial's networks, losses,
 * latent size 100, dropout 0.3, LeakyReLU 0.3 and batch-norm settings but trains at batch 64 with Adam 4e-4,
 * β1 0.5 (DCGAN-paper style). Measured on the bundled data (seed 42, FID every 100 steps): the tutorial's
 * optimizer at batch 64 was still at FID 403 after 500 steps, 2e-4/0.5 reached 153 at step 1500 (29 % of the
 * untrained generator's 520), 4e-4/0.5 reached 121 (23 %) — the only one of the three that shows recognisable
 * clothes after 1500 steps, which is what a user pressing Start should see within minutes.
 *
 * @param architecture              network shape, follows from the dataset
 * @param batchSize                 images per step (both the real batch and the generated batch)
 * @param generatorLearningRate     Adam learning rate of the generator (can be changed while training)
 * @param discriminatorLearningRate Adam learning rate of the discriminator (can be changed while training)
 * @param beta1                     Adam β1 of both networks
 * @param beta2                     Adam β2 of both networks
 * @param epsilon                   Adam ε of both networks
 * @param latentDim                 size of the noise vector fed to the generator
 * @param dropoutRate               discriminator dropout (fraction dropped)
 * @param leakySlope                negative slope of every LeakyReLU
 * @param sampleEvery               steps between sample grids from the fixed noise (0 = never)
 * @param fidEvery                  steps between FID measurements (0 = never; needs a 28×28 architecture)
 * @param checkpointEvery           steps between checkpoints (0 = only at pause, stop and end)
 * @param fidSamples                generated images per FID measurement
 * @param seed                      seeds weight initialisation, noise, dropout, the fixed noise and data order
 */
public record GanConfig(
        Architecture architecture,
        int batchSize,
        float generatorLearningRate,
        float discriminatorLearningRate,
        float beta1,
        float beta2,
        float epsilon,
        int latentDim,
        float dropoutRate,
        float leakySlope,
        int sampleEvery,
        int fidEvery,
        int checkpointEvery,
        int fidSamples,
        long seed) {

    public static final int DEFAULT_BATCH = 64;
    public static final float DEFAULT_LEARNING_RATE = 4e-4f;
    public static final float DEFAULT_BETA1 = 0.5f;
    /** Fixed-noise samples in every grid (an 8×8 grid). */
    public static final int GRID_SAMPLES = 64;
    /** FID needs at least this many generated images to be comparable with the 2000 reference images. */
    public static final int MIN_FID_SAMPLES = 2000;

    /** Halfday's defaults: the tutorial's networks, batch 64, Adam 4e-4 with β1 0.5 (see the class comment). */
    public static GanConfig defaults(Architecture architecture) {
        return new GanConfig(architecture, DEFAULT_BATCH, DEFAULT_LEARNING_RATE, DEFAULT_LEARNING_RATE,
                DEFAULT_BETA1, 0.999f, 1e-7f, 100, 0.3f, 0.3f,
                100, architecture == Architecture.GREY_28 ? 500 : 0, 500, MIN_FID_SAMPLES, 42L);
    }

    /** Exactly the TF 2.0 DCGAN tutorial's settings: batch 256, Adam 1e-4, β1 0.9. */
    public static GanConfig tutorial(Architecture architecture) {
        return defaults(architecture).withBatchSize(256).withLearningRates(1e-4f, 1e-4f).withBeta1(0.9f);
    }

    public GanConfig withBatchSize(int value) {
        return new GanConfig(architecture, value, generatorLearningRate, discriminatorLearningRate, beta1, beta2,
                epsilon, latentDim, dropoutRate, leakySlope, sampleEvery, fidEvery, checkpointEvery, fidSamples, seed);
    }

    public GanConfig withLearningRates(float generator, float discriminator) {
        return new GanConfig(architecture, batchSize, generator, discriminator, beta1, beta2,
                epsilon, latentDim, dropoutRate, leakySlope, sampleEvery, fidEvery, checkpointEvery, fidSamples, seed);
    }

    public GanConfig withBeta1(float value) {
        return new GanConfig(architecture, batchSize, generatorLearningRate, discriminatorLearningRate, value, beta2,
                epsilon, latentDim, dropoutRate, leakySlope, sampleEvery, fidEvery, checkpointEvery, fidSamples, seed);
    }

    public GanConfig withDropoutRate(float value) {
        return new GanConfig(architecture, batchSize, generatorLearningRate, discriminatorLearningRate, beta1, beta2,
                epsilon, latentDim, value, leakySlope, sampleEvery, fidEvery, checkpointEvery, fidSamples, seed);
    }

    public GanConfig withLatentDim(int value) {
        return new GanConfig(architecture, batchSize, generatorLearningRate, discriminatorLearningRate, beta1, beta2,
                epsilon, value, dropoutRate, leakySlope, sampleEvery, fidEvery, checkpointEvery, fidSamples, seed);
    }

    /** Sets how often grids, FID and checkpoints happen (0 turns one off). */
    public GanConfig withIntervals(int sampleEvery, int fidEvery, int checkpointEvery) {
        return new GanConfig(architecture, batchSize, generatorLearningRate, discriminatorLearningRate, beta1, beta2,
                epsilon, latentDim, dropoutRate, leakySlope, sampleEvery, fidEvery, checkpointEvery, fidSamples, seed);
    }

    public GanConfig withFidSamples(int value) {
        return new GanConfig(architecture, batchSize, generatorLearningRate, discriminatorLearningRate, beta1, beta2,
                epsilon, latentDim, dropoutRate, leakySlope, sampleEvery, fidEvery, checkpointEvery, value, seed);
    }

    public GanConfig withSeed(long value) {
        return new GanConfig(architecture, batchSize, generatorLearningRate, discriminatorLearningRate, beta1, beta2,
                epsilon, latentDim, dropoutRate, leakySlope, sampleEvery, fidEvery, checkpointEvery, fidSamples, value);
    }

    /** Every problem with these settings, in plain words; empty when they are usable. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (architecture == null) {
            problems.add("the architecture is missing");
        }
        if (batchSize < 2 || batchSize > 1024) {
            problems.add("batch size must be between 2 and 1024 (got " + batchSize + ")");
        }
        checkLearningRate("generator learning rate", generatorLearningRate, problems);
        checkLearningRate("discriminator learning rate", discriminatorLearningRate, problems);
        if (!(beta1 >= 0 && beta1 < 1)) {
            problems.add("β1 must be at least 0 and below 1 (got " + beta1 + ")");
        }
        if (!(beta2 > 0 && beta2 < 1)) {
            problems.add("β2 must be above 0 and below 1 (got " + beta2 + ")");
        }
        if (!(epsilon > 0 && epsilon < 1)) {
            problems.add("Adam ε must be above 0 and below 1 (got " + epsilon + ")");
        }
        if (latentDim < 1 || latentDim > 1024) {
            problems.add("latent size must be between 1 and 1024 (got " + latentDim + ")");
        }
        if (!(dropoutRate >= 0 && dropoutRate < 1)) {
            problems.add("dropout must be at least 0 and below 1 (got " + dropoutRate + ")");
        }
        if (!(leakySlope >= 0 && leakySlope < 1)) {
            problems.add("LeakyReLU slope must be at least 0 and below 1 (got " + leakySlope + ")");
        }
        if (sampleEvery < 0 || fidEvery < 0 || checkpointEvery < 0) {
            problems.add("intervals cannot be negative");
        }
        if (fidEvery > 0 && architecture != Architecture.GREY_28) {
            problems.add("FID is measured with a Fashion-MNIST classifier, so only for 28×28 grey images");
        }
        if (fidEvery > 0 && fidSamples < MIN_FID_SAMPLES) {
            problems.add("FID needs at least " + MIN_FID_SAMPLES + " generated images (got " + fidSamples + ")");
        }
        return problems;
    }

    /** Throws {@link IllegalArgumentException} listing every problem, if there is any. */
    public GanConfig validate() {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid GAN settings: " + String.join("; ", problems));
        }
        return this;
    }

    /** Learning rates must be positive and small enough that Adam has a chance; 1 is already absurd. */
    public static boolean isUsableLearningRate(float rate) {
        return rate > 0 && rate <= 1 && Float.isFinite(rate);
    }

    private static void checkLearningRate(String what, float rate, List<String> problems) {
        if (!isUsableLearningRate(rate)) {
            problems.add(what + " must be above 0 and at most 1 (got " + rate + ")");
        }
    }
}
