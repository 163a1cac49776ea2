package dev.halfday.engine.gan.train;

/**
 * Receives a {@link Trainer}'s events on a delivery thread of its own, never on the training thread: a slow
 * listener delays only itself. See {@link Delivery} for what happens when it falls behind.
 */
@FunctionalInterface
public interface TrainingListener {

    void onEvent(TrainingEvent event);

    /** What a listener's mailbox does when the listener falls behind. */
    enum Delivery {
        /**
         * Keeps every event (for writers of metrics files, which keep up on average). Memory grows while the
         * listener lags.
         */
        ALL,
        /**
         * Keeps at most {@link EventMailbox#LATEST_CAPACITY} step events, dropping the oldest; other events are
         * always kept. For displays, which can read the full curves from {@link Trainer#history()}.
         */
        LATEST
    }
}
