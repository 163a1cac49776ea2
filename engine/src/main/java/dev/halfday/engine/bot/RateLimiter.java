package dev.halfday.engine.bot;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A token bucket per chat: up to N images per minute, with bursts of up to N. */
final class RateLimiter {

    private static final class Bucket {
        double tokens;
        long lastNanos;
    }

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** True if the chat may have one more; {@code perMinute} 0 means unlimited. */
    boolean tryAcquire(String chat, int perMinute) {
        if (perMinute <= 0) {
            return true;
        }
        Bucket b = buckets.computeIfAbsent(chat, k -> {
            Bucket nb = new Bucket();
            nb.tokens = perMinute;
            nb.lastNanos = System.nanoTime();
            return nb;
        });
        synchronized (b) {
            long now = System.nanoTime();
            b.tokens = Math.min(perMinute, b.tokens + (now - b.lastNanos) / 60e9 * perMinute);
            b.lastNanos = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return true;
            }
            return false;
        }
    }
}
