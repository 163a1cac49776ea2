package dev.halfday.engine.bot.wechat.sim;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults the simulator injects on demand, per endpoint name ("synccheck", "webwxsync", "webwxinit", ...):
 * HTTP errors, malformed bodies and slow replies. Session-level faults (kicks, expiry, refused logins) are
 * methods of {@link WeChatSimulator}.
 */
public final class SimFaults {

    private final Map<String, Fault> failures = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> malformed = new ConcurrentHashMap<>();
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();
    private final Map<String, Fault> oversized = new ConcurrentHashMap<>();
    private final AtomicInteger redeliver = new AtomicInteger();

    /** {@code value}: the HTTP status, or the body size for an oversized reply. */
    private record Fault(int value, AtomicInteger remaining) {
    }

    /** The next {@code times} requests to {@code endpoint} answer HTTP {@code status} with an error page. */
    public SimFaults failNext(String endpoint, int status, int times) {
        failures.put(endpoint, new Fault(status, new AtomicInteger(times)));
        return this;
    }

    /** The next {@code times} requests to {@code endpoint} answer 200 with a body that is not valid JSON/JS. */
    public SimFaults malformedNext(String endpoint, int times) {
        malformed.put(endpoint, new AtomicInteger(times));
        return this;
    }

    /**
     * The next {@code times} requests to {@code endpoint} answer 200 with a valid JSON object padded to
     * {@code bytes} bytes, as a broken or hostile server could: only a client that caps what it reads survives it.
     */
    public SimFaults oversizedNext(String endpoint, int bytes, int times) {
        oversized.put(endpoint, new Fault(bytes, new AtomicInteger(times)));
        return this;
    }

    /** Every request to {@code endpoint} waits this long before being answered (null or zero: no delay). */
    public SimFaults slow(String endpoint, Duration delay) {
        if (delay == null || delay.isZero()) {
            delays.remove(endpoint);
        } else {
            delays.put(endpoint, delay);
        }
        return this;
    }

    /**
     * The next {@code times} webwxsync replies deliver their messages without moving the sync position, so the
     * same messages (same MsgIds) arrive again in the following sync, as after a server-side retransmission.
     */
    public SimFaults redeliverNext(int times) {
        redeliver.set(times);
        return this;
    }

    boolean takeRedeliver() {
        return redeliver.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    public void clear() {
        redeliver.set(0);
        failures.clear();
        malformed.clear();
        delays.clear();
        oversized.clear();
    }

    /** The HTTP status to fail this request with, or 0. */
    int takeFailure(String endpoint) {
        Fault f = failures.get(endpoint);
        if (f != null && f.remaining().getAndDecrement() > 0) {
            return f.value();
        }
        return 0;
    }

    /** The size of an oversized body to answer this request with, or 0. */
    int takeOversized(String endpoint) {
        Fault f = oversized.get(endpoint);
        if (f != null && f.remaining().getAndDecrement() > 0) {
            return f.value();
        }
        return 0;
    }

    boolean takeMalformed(String endpoint) {
        AtomicInteger n = malformed.get(endpoint);
        return n != null && n.getAndDecrement() > 0;
    }

    Duration delay(String endpoint) {
        return delays.get(endpoint);
    }
}
