package dev.halfday.engine.bot.wecom;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One fair lock per key (a message's req_id): frames on the same req_id go out one at a time, each after the
 * previous one's ack, in the order they were asked for, as the gateway requires. Locks disappear when unused.
 */
final class ReplyLanes {

    private static final class Lane {
        final ReentrantLock lock = new ReentrantLock(true);
        int users;
    }

    /** Holding a lane; close to let the next frame go. */
    interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();

    /** Waits for the lane; null if it did not come free in time. */
    Permit enter(String key, long timeoutNanos) throws InterruptedException {
        Lane lane = lanes.compute(key, (k, l) -> {
            Lane x = l == null ? new Lane() : l;
            x.users++;
            return x;
        });
        boolean locked = false;
        try {
            locked = lane.lock.tryLock(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
        } finally {
            if (!locked) {
                leave(key, lane);
            }
        }
        if (!locked) {
            return null;
        }
        return () -> {
            lane.lock.unlock();
            leave(key, lane);
        };
    }

    private void leave(String key, Lane lane) {
        lanes.computeIfPresent(key, (k, l) -> {
            if (l != lane) {
                return l;
            }
            l.users--;
            return l.users == 0 ? null : l;
        });
    }

    int size() {
        return lanes.size();
    }
}
