package dev.halfday.engine.cli;

import dev.halfday.engine.gan.train.CheckpointStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** The {@code --checkpoint DIR} of the GAN commands: a checkpoint, a run's checkpoints/ folder or a run folder. */
final class CheckpointOption {

    private CheckpointOption() {
    }

    /** The checkpoint, or empty after telling the user (on stderr) why there is none. */
    static Optional<CheckpointStore.Checkpoint> open(Path path) {
        try {
            return Optional.of(CheckpointStore.open(path));
        } catch (IOException e) {
            System.err.println("halfday: " + e.getMessage());
            return Optional.empty();
        }
    }
}
