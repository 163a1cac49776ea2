package dev.halfday.engine.gan.train;

import dev.halfday.engine.gan.GanConfig;

/**
 * The part of a checkpoint that is not tensors, stored as {@code state.json}: where the run is, how it is set
 * up, and the fixed noise its sample grids are drawn from.
 *
 * @param format                    file format version
 * @param step                      training steps completed
 * @param config                    the run's settings
 * @param dataset                   the dataset as written on the command line ({@code fashion-mnist}, {@code folder:/x})
 * @param generatorLearningRate     the generator's rate in use when saved (may differ from the config's)
 * @param discriminatorLearningRate the discriminator's rate in use when saved
 * @param fixedNoise                {@link GanConfig#GRID_SAMPLES} × latent floats behind every sample grid
 * @param trainingSeconds           wall time spent in training steps so far
 * @param savedAt                   ISO-8601 time of saving
 */
public record RunState(int format, long step, GanConfig config, String dataset, float generatorLearningRate,
        float discriminatorLearningRate, float[] fixedNoise, double trainingSeconds, String savedAt) {

    public static final int FORMAT = 1;

    /** Standard-normal noise from the run seed: the same seed always draws the same grid. */
    public static float[] fixedNoiseFor(GanConfig config) {
        java.util.Random random = new java.util.Random(config.seed() ^ 0x5DEECE66DL);
        float[] noise = new float[GanConfig.GRID_SAMPLES * config.latentDim()];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) random.nextGaussian();
        }
        return noise;
    }
}
