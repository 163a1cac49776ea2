package dev.halfday.engine.cli;

import dev.halfday.engine.gan.fid.FidEvaluator;
import dev.halfday.engine.gan.model.GeneratorGraph;
import dev.halfday.engine.gan.model.GeneratorWeights;
import dev.halfday.engine.gan.train.CheckpointStore;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code halfday gan-fid}: FID of a checkpoint, or the real-vs-real floor. */
@Command(name = "gan-fid", mixinStandardHelpOptions = true,
        description = {"Measure FID (2000 generated vs the 2000 bundled Fashion-MNIST test images, in the "
                + "feature space of the bundled classifier).",
                "--real measures 2000 real training images instead: the floor a perfect generator could reach."})
public final class GanFidCommand implements Callable<Integer> {

    @Option(names = "--checkpoint", paramLabel = "DIR", description = "Checkpoint, checkpoints/ or run folder.")
    Path checkpoint;

    @Option(names = "--real", description = "Measure real training images against the test images.")
    boolean real;

    @Override
    public Integer call() throws Exception {
        if (real == (checkpoint != null)) {
            System.err.println("halfday: give either --checkpoint DIR or --real");
            return 2;
        }
        // A checkpoint that is not there is a usage error, found before the classifier loads.
        java.util.Optional<CheckpointStore.Checkpoint> opened = real ? java.util.Optional.empty() : CheckpointOption.open(checkpoint);
        if (!real && opened.isEmpty()) {
            return 2;
        }
        try (FidEvaluator fid = FidEvaluator.withBundledClassifier()) {
            if (real) {
                System.out.printf("fid real_vs_real=%.4f images=%d%n", fid.realVsReal(), FidEvaluator.REFERENCE);
                return 0;
            }
            CheckpointStore.Checkpoint c = opened.get();
            GeneratorWeights weights;
            try (GeneratorGraph generator = GeneratorGraph.fromCheckpoint(c.state().config(), c.modelPrefix())) {
                weights = generator.snapshot(c.step());
            }
            System.out.printf("fid step=%d fid=%.4f checkpoint=%s%n", c.step(), fid.measure(weights), c.directory());
            return 0;
        }
    }
}
