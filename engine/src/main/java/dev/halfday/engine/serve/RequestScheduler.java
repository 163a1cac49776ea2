package dev.halfday.engine.serve;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs detections on a fixed number of workers with a fixed-size waiting line. When every worker is busy and
 * the line is full, {@link #trySubmit} refuses at once instead of letting the backlog (and its memory: each
 * waiting request holds an image of up to 16 MiB) grow without bound.
 *
 * <p>Admission is one permit per accepted task (workers + capacity permits), taken on submit and returned when
 * the task ends. Unlike a bounded executor queue this has no race with idle workers: a free worker or a free
 * place in line always means a task is accepted.
 */
final class RequestScheduler {

    private final ThreadPoolExecutor executor;
    private final int workers;
    private final int capacity;
    private final Semaphore admitted;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger maxQueued = new AtomicInteger();

    RequestScheduler(int workers, int capacity) {
        this.workers = workers;
        this.capacity = capacity;
        this.admitted = new Semaphore(workers + capacity);
        AtomicInteger threadNumber = new AtomicInteger();
        // The queue itself is unbounded; the permits keep it at most `capacity` long.
        this.executor = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "halfday-detect-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.prestartAllCoreThreads();
    }

    /** Queues the task; false when the line is full (or the scheduler is shut down). */
    boolean trySubmit(Runnable task) {
        if (!admitted.tryAcquire()) {
            return false;
        }
        try {
            executor.execute(() -> {
                running.incrementAndGet();
                try {
                    task.run();
                } finally {
                    running.decrementAndGet();
                    admitted.release();
                }
            });
        } catch (RejectedExecutionException e) {
            admitted.release();
            return false;
        }
        maxQueued.accumulateAndGet(admittedNow() - workers, Math::max);
        return true;
    }

    int capacity() {
        return capacity;
    }

    int queued() {
        return executor.getQueue().size();
    }

    int running() {
        return running.get();
    }

    /**
     * The most requests ever admitted beyond one per worker, i.e. the longest the waiting line has been with
     * every worker busy; never above {@link #capacity()}. (For an instant between two tasks a worker's next task
     * may still sit in the executor's queue, so the queue itself can briefly hold one more per worker.)
     */
    int maxQueuedSeen() {
        return Math.max(0, maxQueued.get());
    }

    private int admittedNow() {
        return workers + capacity - admitted.availablePermits();
    }

    /** Stops at once: used when the server never started. */
    void abort() {
        executor.shutdownNow();
    }

    /** Lets queued and running tasks finish (up to the timeout), then interrupts what is left. */
    void shutdown(Duration timeout) throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            executor.shutdownNow();
            executor.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
