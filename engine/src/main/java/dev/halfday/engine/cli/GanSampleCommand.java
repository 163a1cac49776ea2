package dev.halfday.engine.cli;

import dev.halfday.engine.gan.GanConfig;
import dev.halfday.engine.gan.model.GeneratorGraph;
import dev.halfday.engine.gan.train.CheckpointStore;
import dev.halfday.engine.gan.train.SampleGrid;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code halfday gan-sample}: an 8×8 grid of samples from any checkpoint. */
@Command(name = "gan-sample", mixinStandardHelpOptions = true,
        description = {"Draw an 8×8 grid of samples from a GAN checkpoint.",
                "Without --seed the grid uses the run's fixed noise, so it matches the grids saved while training."})
public final class GanSampleCommand implements Callable<Integer> {

    @Option(names = "--checkpoint", required = true, paramLabel = "DIR",
            description = "A checkpoint folder (step-NNNNNNNNN), a run's checkpoints/ folder or the run folder (newest checkpoint).")
    Path checkpoint;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "PNG file to write.")
    Path out;

    @Option(names = "--seed", paramLabel = "N", description = "Draw fresh noise from this seed instead of the fixed noise.")
    Long seed;

    @Option(names = "--scale", paramLabel = "N", description = "Pixel scale (default: 2 for 28×28 images, 1 for 64×64).")
    Integer scale;

    @Override
    public Integer call() throws Exception {
        var opened = CheckpointOption.open(checkpoint);
        if (opened.isEmpty()) {
            return 2;
        }
        CheckpointStore.Checkpoint c = opened.get();
        GanConfig config = c.state().config();
        float[] noise = c.state().fixedNoise();
        if (seed != null) {
            Random random = new Random(seed);
            noise = new float[GanConfig.GRID_SAMPLES * config.latentDim()];
            for (int i = 0; i < noise.length; i++) {
                noise[i] = (float) random.nextGaussian();
            }
        }
        try (GeneratorGraph generator = GeneratorGraph.fromCheckpoint(config, c.modelPrefix())) {
            float[] images = generator.generate(noise, GanConfig.GRID_SAMPLES);
            SampleGrid grid = SampleGrid.fromGenerator(c.step(), 8, 8, config.architecture().imageSize(),
                    config.architecture().channels(), images);
            grid.writePng(out, scale != null ? Math.max(1, scale) : grid.defaultScale());
        }
        System.out.printf("gan-sample step=%d out=%s%n", c.step(), out);
        return 0;
    }
}
