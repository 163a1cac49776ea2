package dev.halfday.engine.serve;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/** Counts requests and keeps the latencies of the most recent successful ones for percentiles. */
final class ServeMetrics {

    /** Enough recent requests for a steady median, few enough that old load does not hide a change. */
    private static final int WINDOW = 1024;

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();
    private final long[] latenciesNanos = new long[WINDOW];
    private long recorded;

    void received() {
        requests.incrementAndGet();
    }

    void failed() {
        failed.incrementAndGet();
    }

    void rejected() {
        rejected.incrementAndGet();
        failed.incrementAndGet();
    }

    void expired() {
        expired.incrementAndGet();
        failed.incrementAndGet();
    }

    synchronized void succeeded(long latencyNanos) {
        latenciesNanos[(int) (recorded++ % WINDOW)] = latencyNanos;
    }

    ServeStats snapshot(int running, int queued) {
        long[] window;
        synchronized (this) {
            window = Arrays.copyOf(latenciesNanos, (int) Math.min(recorded, WINDOW));
        }
        Arrays.sort(window);
        return new ServeStats(requests.get(), failed.get(), rejected.get(), expired.get(), running, queued,
                percentileMs(window, 0.50), percentileMs(window, 0.99));
    }

    /** Nearest-rank percentile of sorted values, in milliseconds. */
    static double percentileMs(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p * sortedNanos.length);
        return sortedNanos[Math.max(0, rank - 1)] / 1e6;
    }
}
