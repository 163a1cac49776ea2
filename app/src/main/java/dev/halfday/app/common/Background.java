package dev.halfday.app.common;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The app's background threads, so nothing slow ever runs on the FX thread. Daemon threads: a stuck task
 * never keeps the JVM alive after the window closes.
 *
 * <ul>
 *   <li>{@link #detection()} — one thread that runs the model, in submission order (the machine has few cores,
 *       and one image at a time keeps a batch's progress honest);</li>
 *   <li>{@link #files()} — one thread for small ordered file work: settings writes, folder scans;</li>
 *   <li>{@link #work()} — two threads for the rest: decoding an image for display, saving an annotated copy.</li>
 * </ul>
 */
public final class Background implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Background.class);

    private final ExecutorService detection = Executors.newSingleThreadExecutor(daemon("halfday-detect"));
    private final ExecutorService files = Executors.newSingleThreadExecutor(daemon("halfday-files"));
    private final ExecutorService work = Executors.newFixedThreadPool(2, daemon("halfday-work"));

    public ExecutorService detection() {
        return detection;
    }

    public ExecutorService files() {
        return files;
    }

    public ExecutorService work() {
        return work;
    }

    /** Stops taking work and waits briefly for queued file writes (settings) to finish. */
    @Override
    public void close() {
        detection.shutdownNow();
        work.shutdownNow();
        files.shutdown();
        try {
            if (!files.awaitTermination(3, TimeUnit.SECONDS)) {
                log.warn("file writes still running at exit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            t.setUncaughtExceptionHandler((th, e) -> log.error("uncaught in {}", th.getName(), e));
            return t;
        };
    }
}
