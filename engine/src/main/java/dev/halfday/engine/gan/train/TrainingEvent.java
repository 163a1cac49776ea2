package dev.halfday.engine.gan.train;

import dev.halfday.engine.gan.data.ImageDataset;
import java.nio.file.Path;
import java.util.List;

/** What a {@link Trainer} tells its listeners. Every event is immutable. */
public sealed interface TrainingEvent {

    /** The step the event belongs to (completed training steps at the time). */
    long step();

    /** The dataset is loaded. {@code skipped} lists pictures that could not be used. */
    record DatasetLoaded(long step, String description, int images, List<ImageDataset.SkippedFile> skipped)
            implements TrainingEvent {
    }

    /**
     * One training step finished.
     *
     * @param imgsPerSec real images trained per second over this step (batch / wall time of the step)
     */
    record Step(long step, float dLoss, float gLoss, float dReal, float dFake, float imgsPerSec)
            implements TrainingEvent {
    }

    /** A new grid of samples from the fixed noise. */
    record Samples(long step, SampleGrid grid) implements TrainingEvent {
    }

    /**
     * An FID measurement of the generator at {@code step} has been handed to the FID thread. Posted before the
     * {@link Step} event of the same step; a {@link Fid} event for the step always follows (NaN if skipped).
     */
    record FidScheduled(long step) implements TrainingEvent {
    }

    /** An FID measurement finished (it ran off the training thread; training went on meanwhile). */
    record Fid(long step, double fid, long millis) implements TrainingEvent {
        /** False when the measurement was skipped (a newer one replaced it) or failed. */
        public boolean measured() {
            return !Double.isNaN(fid);
        }
    }

    /** The state changed, or something worth saying happened in it ({@code message} is for people). */
    record StateChanged(long step, TrainerState state, String message) implements TrainingEvent {
    }

    /**
     * A loss became NaN or infinite at {@code failedStep}: training paused and the model went back to the
     * checkpoint of {@code restoredStep}.
     */
    record Diverged(long step, long failedStep, long restoredStep, String message) implements TrainingEvent {
    }

    /** A checkpoint is on disk. */
    record CheckpointSaved(long step, Path directory) implements TrainingEvent {
    }

    /** Training stopped because of an error. */
    record Failed(long step, String message) implements TrainingEvent {
    }
}
