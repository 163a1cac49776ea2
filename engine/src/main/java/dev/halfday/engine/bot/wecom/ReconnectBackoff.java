package dev.halfday.engine.bot.wecom;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter for reconnects: base, 2×base, 4×base, ... capped, each delay shortened by a
 * random 0–20 % so that many clients dropped at once (a gateway restart) do not come back in lockstep.
 * Never exceeds the cap, never goes below 80 % of the un-jittered step. Not thread-safe: one owner thread.
 */
public final class ReconnectBackoff {

    private static final double JITTER = 0.2;

    private final long baseMillis;
    private final long capMillis;
    private final RandomGenerator random;
    private int failures;

    public ReconnectBackoff(Duration base, Duration cap, RandomGenerator random) {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < base <= cap, got base " + base + ", cap " + cap);
        }
        this.baseMillis = base.toMillis();
        this.capMillis = cap.toMillis();
        this.random = random;
    }

    /** The delay before the next attempt; each call counts one more failure. */
    public Duration nextDelay() {
        int exponent = Math.min(failures, 30);
        failures++;
        long step = Math.min(capMillis, baseMillis << exponent);
        if (step <= 0) {
            step = capMillis;
        }
        long jittered = Math.round(step * (1.0 - JITTER * random.nextDouble()));
        return Duration.ofMillis(Math.max(1, jittered));
    }

    /** Failures since the last {@link #reset()}. */
    public int failures() {
        return failures;
    }

    /** Back to the base delay, after a connection proved healthy. */
    public void reset() {
        failures = 0;
    }
}
