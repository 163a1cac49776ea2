package dev.halfday.engine.gan.train;

/** Where a {@link Trainer} is in its life. */
public enum TrainerState {
    /** Created, not started. */
    NEW,
    /** Loading the dataset, building the graph, restoring a checkpoint. */
    PREPARING,
    RUNNING,
    /** Waiting for resume or stop; the model is checkpointed. */
    PAUSED,
    /** Stop requested; writing the final grid and checkpoint. */
    STOPPING,
    /** Ended normally (target reached or stopped); the final checkpoint is written. */
    STOPPED,
    /** Ended by an error; see the {@link TrainingEvent.Failed} event. */
    FAILED;

    public boolean isFinal() {
        return this == STOPPED || this == FAILED;
    }
}
