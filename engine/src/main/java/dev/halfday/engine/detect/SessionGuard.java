package dev.halfday.engine.detect;

import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Lets many threads use a native model at once while keeping {@code close()} from freeing it under a running
 * call: calls hold the read lock, closing takes the write lock. Calls after closing fail with
 * {@link IllegalStateException}.
 */
public final class SessionGuard {

    private final String name;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    /** @param name the model's name, for the "is closed" message */
    public SessionGuard(String name) {
        this.name = name;
    }

    public <T> T use(Supplier<T> work) {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("detector " + name + " is closed");
            }
            return work.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Runs {@code release} once, after every running call has finished; later calls do nothing. */
    public void close(Runnable release) {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                release.run();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
