package dev.halfday.engine.cli;

import dev.halfday.engine.gan.model.GeneratorGraph;
import dev.halfday.engine.gan.train.CheckpointStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code halfday gan-export}: the generator of a checkpoint as a standalone SavedModel. */
@Command(name = "gan-export", mixinStandardHelpOptions = true,
        description = {"Export the generator of a GAN checkpoint as a TensorFlow SavedModel.",
                "Signature serving_default: noise [batch, latent] float -> images [batch, size, size, channels] in [-1, 1]."})
public final class GanExportCommand implements Callable<Integer> {

    @Option(names = "--checkpoint", required = true, paramLabel = "DIR", description = "Checkpoint, checkpoints/ or run folder.")
    Path checkpoint;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the SavedModel (must not exist).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (Files.exists(out)) {
            System.err.println("halfday: " + out + " already exists");
            return 2;
        }
        var opened = CheckpointOption.open(checkpoint);
        if (opened.isEmpty()) {
            return 2;
        }
        CheckpointStore.Checkpoint c = opened.get();
        try (GeneratorGraph generator = GeneratorGraph.fromCheckpoint(c.state().config(), c.modelPrefix())) {
            generator.exportSavedModel(out);
        }
        System.out.printf("gan-export step=%d out=%s%n", c.step(), out);
        return 0;
    }
}
