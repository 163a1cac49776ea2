package dev.halfday.engine.cli;

import dev.halfday.engine.gan.GanConfig;
import dev.halfday.engine.gan.data.DatasetSpec;
import dev.halfday.engine.gan.model.GeneratorGraph;
import dev.halfday.engine.gan.train.CheckpointStore;
import dev.halfday.engine.gan.train.RunFilesWriter;
import dev.halfday.engine.gan.train.Trainer;
import dev.halfday.engine.gan.train.TrainerState;
import dev.halfday.engine.gan.train.TrainingEvent;
import dev.halfday.engine.gan.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code halfday train-gan}: trains a DCGAN with a live progress line, writing metrics.jsonl, fid.csv,
 * grid-&lt;step&gt;.png and checkpoints/ into the output folder. Ctrl-C stops after the current step and still
 * writes the final grid and checkpoint; {@code --resume} continues from there.
 */
@Command(name = "train-gan", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a DCGAN and watch it learn.",
                "Writes DIR/metrics.jsonl (one JSON object per step), DIR/fid.csv, DIR/grid-<step>.png and "
                        + "DIR/checkpoints/. Ctrl-C stops cleanly (final grid and checkpoint are written).",
                "If the loss turns NaN the last checkpoint is restored and training continues at half the "
                        + "learning rate (at most 3 times)."})
public final class TrainGanCommand implements Callable<Integer> {

    @Option(names = "--dataset", paramLabel = "fashion-mnist|idx:DIR|folder:DIR",
            description = "Images to train on. fashion-mnist: the full set if Debian's dataset-fashion-mnist is "
                    + "installed, else the bundled 10 000-image subset (fashion-mnist-bundled forces the subset); "
                    + "idx:DIR: 28×28 IDX files; folder:DIR: JPEG/PNG pictures, trained at 64×64 RGB. "
                    + "Default: fashion-mnist (or the checkpoint's dataset with --resume).")
    String dataset;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "1500",
            description = "Train until N steps in total (a resumed run counts its earlier steps). Default: ${DEFAULT-VALUE}.")
    long steps;

    @Option(names = "--preset", paramLabel = "fast|tutorial", defaultValue = "fast",
            description = "Starting settings: fast (batch 64, Adam 4e-4, β1 0.5: recognisable clothes in 1500 steps) or "
                    + "tutorial (exactly the TF DCGAN tutorial's: batch 256, Adam 1e-4, β1 0.9). Other options override "
                    + "single values. Default: ${DEFAULT-VALUE}.")
    String preset;

    @Option(names = "--batch", paramLabel = "B", description = "Images per step. Default: 64 (256 with --preset tutorial).")
    Integer batch;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "gan-run", description = "Run folder. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--resume", description = "Continue from the newest checkpoint in DIR/checkpoints.")
    boolean resume;

    @Option(names = "--lr", paramLabel = "RATE",
            description = "Adam learning rate of both networks. Default: 4e-4 (1e-4 with --preset tutorial).")
    Float learningRate;

    @Option(names = "--lr-d", paramLabel = "RATE", description = "Discriminator learning rate (overrides --lr).")
    Float discriminatorRate;

    @Option(names = "--beta1", paramLabel = "B1", description = "Adam β1. Default: 0.5 (0.9 with --preset tutorial).")
    Float beta1;

    @Option(names = "--latent", paramLabel = "N", description = "Noise size. Default: 100.")
    Integer latent;

    @Option(names = "--dropout", paramLabel = "RATE", description = "Discriminator dropout. Default: 0.3 (the tutorial's).")
    Float dropout;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of initialisation, noise and data order. Default: 42.")
    Long seed;

    @Option(names = "--sample-every", paramLabel = "N", defaultValue = "100",
            description = "Steps between sample grids. Default: ${DEFAULT-VALUE}.")
    int sampleEvery;

    @Option(names = "--fid-every", paramLabel = "N", defaultValue = "500",
            description = "Steps between FID measurements (0 = never; 28×28 datasets only). Default: ${DEFAULT-VALUE}.")
    int fidEvery;

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "500",
            description = "Steps between checkpoints. Default: ${DEFAULT-VALUE}.")
    int checkpointEvery;

    @Option(names = "--export", paramLabel = "DIR", description = "At the end, also export the generator as a SavedModel here.")
    Path export;

    @Override
    public Integer call() throws Exception {
        DatasetSpec spec;
        try {
            spec = dataset == null ? (resume ? null : DatasetSpec.fashionMnist()) : DatasetSpec.parse(dataset);
        } catch (IllegalArgumentException e) {
            System.err.println("halfday: " + e.getMessage());
            return 2;
        }
        GanConfig config = null;
        if (spec != null) {
            GanConfig c;
            switch (preset) {
                case "fast" -> c = GanConfig.defaults(spec.architecture());
                case "tutorial" -> c = GanConfig.tutorial(spec.architecture());
                default -> {
                    System.err.println("halfday: --preset must be fast or tutorial");
                    return 2;
                }
            }
            if (batch != null) {
                c = c.withBatchSize(batch);
            }
            float g = learningRate != null ? learningRate : c.generatorLearningRate();
            float d = discriminatorRate != null ? discriminatorRate : (learningRate != null ? learningRate : c.discriminatorLearningRate());
            c = c.withLearningRates(g, d);
            if (beta1 != null) {
                c = c.withBeta1(beta1);
            }
            if (latent != null) {
                c = c.withLatentDim(latent);
            }
            if (dropout != null) {
                c = c.withDropoutRate(dropout);
            }
            if (seed != null) {
                c = c.withSeed(seed);
            }
            int fidInterval = spec.architecture() == dev.halfday.engine.gan.Architecture.GREY_28 ? fidEvery : 0;
            c = c.withIntervals(sampleEvery, fidInterval, checkpointEvery);
            List<String> problems = c.problems();
            if (!problems.isEmpty()) {
                System.err.println("halfday: " + String.join("; ", problems));
                return 2;
            }
            config = c;
        }
        if (steps < 1) {
            System.err.println("halfday: --steps must be at least 1");
            return 2;
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            System.err.println("halfday: --out " + out + " is a file, not a folder");
            return 2;
        }
        if (!resume && !Files.isDirectory(out)) {
            try {
                Files.createDirectories(out);
            } catch (java.io.IOException e) {
                System.err.println("halfday: cannot create the run folder " + out + " (" + CliErrors.reason(e) + ")");
                return 2;
            }
        }

        Trainer trainer = Trainer.builder(out).config(config).dataset(spec).targetSteps(steps).resume(resume).build();
        RunFilesWriter files = new RunFilesWriter(out);
        trainer.addListener(files, TrainingListener.Delivery.ALL);
        trainer.addListener(new GanProgressBar(System.err, System.console() != null, steps,
                () -> trainer.config() == null ? GanConfig.DEFAULT_BATCH : trainer.config().batchSize()),
                TrainingListener.Delivery.LATEST);
        AtomicInteger recoveries = new AtomicInteger();
        trainer.addListener(event -> {
            if (event instanceof TrainingEvent.Diverged) {
                if (recoveries.incrementAndGet() <= 3) {
                    float g = trainer.generatorLearningRate() / 2;
                    float d = trainer.discriminatorLearningRate() / 2;
                    trainer.setLearningRates(g, d);
                    trainer.resume();
                } else {
                    System.err.println("halfday: training diverged again after 3 recoveries; stopping");
                    trainer.stop();
                }
            }
        }, TrainingListener.Delivery.LATEST);

        Thread onInterrupt = new Thread(() -> {
            System.err.println();
            System.err.println("interrupted: writing the final grid and checkpoint…");
            trainer.close();
            try {
                files.close();
            } catch (java.io.IOException e) {
                System.err.println("halfday: " + e.getMessage());
            }
        }, "train-gan-shutdown");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        trainer.start();
        trainer.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
        trainer.close();
        files.close();
        try {
            Runtime.getRuntime().removeShutdownHook(onInterrupt);
        } catch (IllegalStateException shuttingDown) {
            return 130;
        }

        if (trainer.state() == TrainerState.FAILED) {
            System.err.println("halfday: " + trainer.failure().orElse("training failed"));
            return 1;
        }
        CheckpointStore.Checkpoint last = CheckpointStore.open(out);
        if (export != null) {
            try (GeneratorGraph generator = GeneratorGraph.fromCheckpoint(last.state().config(), last.modelPrefix())) {
                generator.exportSavedModel(export);
            }
            System.err.println("generator exported to " + export);
        }
        var fids = trainer.history().fid();
        System.out.printf("train-gan steps=%d fid=%s checkpoint=%s%n", trainer.step(),
                fids.isEmpty() ? "none" : String.format("%.3f@%d", fids.get(fids.size() - 1).fid(),
                        fids.get(fids.size() - 1).step()),
                last.directory());
        return 0;
    }
}
