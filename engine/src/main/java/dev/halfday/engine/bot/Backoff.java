package dev.halfday.engine.bot;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter for reconnects: initial, 2×, 4×, ... capped at a maximum. The jitter (±20 %)
 * keeps many clients that failed together from retrying together. Not thread-safe: one per retry loop.
 */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private int failures;

    public Backoff(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
        }
        this.initial = initial;
        this.max = max;
    }

    /** The pause before the next attempt; each call doubles the base pause up to the maximum. */
    public Duration next() {
        long base = initial.toMillis();
        for (int i = 0; i < failures && base < max.toMillis(); i++) {
            base *= 2;
        }
        base = Math.min(base, max.toMillis());
        failures++;
        double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis(Math.max(1, Math.round(base * jitter)));
    }

    /** Call after a success: the next failure starts from the initial pause again. */
    public void reset() {
        failures = 0;
    }

    /** Consecutive failures since the last reset. */
    public int failures() {
        return failures;
    }
}
