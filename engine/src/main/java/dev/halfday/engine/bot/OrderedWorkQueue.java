package dev.halfday.engine.bot;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One bounded queue of jobs for a few worker threads, where jobs of the same lane (chat) run one after another
 * in submission order while different lanes run in parallel. Full means full: {@link #submit} refuses rather than
 * letting memory grow.
 */
final class OrderedWorkQueue {

    private static final Logger log = LoggerFactory.getLogger(OrderedWorkQueue.class);

    private final ExecutorService pool;
    private final int capacity;
    /** Per lane: the running job at the head, then those waiting. A lane exists while it has jobs. */
    private final Map<String, ArrayDeque<Runnable>> lanes = new HashMap<>();
    private int pending;
    private int maxPending;
    private boolean closed;

    OrderedWorkQueue(int workers, int capacity, String threadName) {
        this.capacity = capacity;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, threadName + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues a job on a lane; false if the queue is full or closed. */
    synchronized boolean submit(String lane, Runnable job) {
        if (closed || pending >= capacity) {
            return false;
        }
        pending++;
        maxPending = Math.max(maxPending, pending);
        ArrayDeque<Runnable> q = lanes.get(lane);
        if (q == null) {
            q = new ArrayDeque<>();
            q.add(job);
            lanes.put(lane, q);
            pool.execute(() -> runHead(lane));
        } else {
            q.add(job);
        }
        return true;
    }

    private void runHead(String lane) {
        Runnable job;
        synchronized (this) {
            ArrayDeque<Runnable> q = lanes.get(lane);
            job = q == null ? null : q.peek();
        }
        if (job == null) {
            return;
        }
        try {
            job.run();
        } catch (RuntimeException e) {
            log.error("bot job failed", e);
        } finally {
            synchronized (this) {
                ArrayDeque<Runnable> q = lanes.get(lane);
                q.poll();
                pending--;
                if (q.isEmpty()) {
                    lanes.remove(lane);
                } else if (closed) {
                    pending -= q.size();
                    lanes.remove(lane);
                } else {
                    // Back of the pool's line: other lanes get their turn (fairness across groups).
                    pool.execute(() -> runHead(lane));
                }
            }
        }
    }

    synchronized int pending() {
        return pending;
    }

    synchronized int maxPending() {
        return maxPending;
    }

    /**
     * Stops taking jobs, drops waiting ones and lets running ones finish for up to {@code waitMillis}. Running jobs
     * are never interrupted: an interrupt can land inside a library's one-time setup (font loading, model
     * init) and break it for the rest of the process. Jobs still running afterwards end on their own (daemon
     * threads; their channel calls fail fast once the channel is stopped).
     */
    void close(long waitMillis) {
        synchronized (this) {
            closed = true;
        }
        pool.shutdown();
        try {
            pool.awaitTermination(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
