package dev.halfday.engine.bot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/** Collects what a channel reports, for tests to wait on. */
public final class RecordingListener implements ChannelListener {

    private final List<ChannelEvent> events = new ArrayList<>();
    private final List<IncomingMessage> messages = new ArrayList<>();

    @Override
    public synchronized void onEvent(ChannelEvent event) {
        events.add(event);
        notifyAll();
    }

    @Override
    public synchronized void onMessage(IncomingMessage message) {
        messages.add(message);
        notifyAll();
    }

    public synchronized List<ChannelEvent> events() {
        return List.copyOf(events);
    }

    public synchronized List<IncomingMessage> messages() {
        return List.copyOf(messages);
    }

    @SuppressWarnings("unchecked")
    public synchronized <T extends ChannelEvent> T await(Class<T> type, Predicate<T> filter, Duration timeout)
            throws InterruptedException, TimeoutException {
        long end = System.nanoTime() + timeout.toNanos();
        int from = 0;
        while (true) {
            for (int i = from; i < events.size(); i++) {
                ChannelEvent e = events.get(i);
                if (type.isInstance(e) && filter.test((T) e)) {
                    return (T) e;
                }
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("no " + type.getSimpleName() + " within " + timeout + "; events: " + events);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    public <T extends ChannelEvent> T await(Class<T> type, Duration timeout) throws InterruptedException, TimeoutException {
        return await(type, e -> true, timeout);
    }

    public synchronized IncomingMessage awaitMessage(Predicate<IncomingMessage> filter, Duration timeout)
            throws InterruptedException, TimeoutException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (IncomingMessage m : messages) {
                if (filter.test(m)) {
                    return m;
                }
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("no matching message within " + timeout + "; got: " + messages);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    public synchronized long count(Class<? extends ChannelEvent> type) {
        return events.stream().filter(type::isInstance).count();
    }
}
