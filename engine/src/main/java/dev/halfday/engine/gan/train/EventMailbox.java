package dev.halfday.engine.gan.train;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listener's queue and delivery thread. The training thread only appends under a short lock and never
 * waits for the listener; in {@link TrainingListener.Delivery#LATEST} mode old step events are dropped
 * instead of piling up, so a stalled display costs neither time nor memory.
 */
final class EventMailbox {

    /** Step events a LATEST mailbox holds at most (a few seconds of training). */
    static final int LATEST_CAPACITY = 256;
    private static final Logger log = LoggerFactory.getLogger(EventMailbox.class);

    private final TrainingListener listener;
    private final TrainingListener.Delivery delivery;
    private final ArrayDeque<TrainingEvent> queue = new ArrayDeque<>();
    private final Thread thread;
    private int queuedSteps;
    private long dropped;
    private boolean closing;
    private boolean busy;

    EventMailbox(TrainingListener listener, TrainingListener.Delivery delivery, String name) {
        this.listener = listener;
        this.delivery = delivery;
        this.thread = new Thread(this::deliverLoop, name);
        thread.setDaemon(true);
        thread.start();
    }

    TrainingListener listener() {
        return listener;
    }

    /** Queues an event; never blocks for long. */
    synchronized void post(TrainingEvent event) {
        if (closing) {
            return;
        }
        boolean isStep = event instanceof TrainingEvent.Step;
        if (isStep && delivery == TrainingListener.Delivery.LATEST && queuedSteps >= LATEST_CAPACITY) {
            dropOldestStep();
        }
        queue.addLast(event);
        if (isStep) {
            queuedSteps++;
        }
        notifyAll();
    }

    /** Step events dropped so far because the listener lagged. */
    synchronized long dropped() {
        return dropped;
    }

    /** Delivers what is queued, then ends the thread. Waits at most {@code timeoutMs} (more than 0) for that. */
    void closeAfterDrain(long timeoutMs) {
        synchronized (this) {
            closing = true;
            notifyAll();
        }
        try {
            thread.join(Math.max(1, timeoutMs));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Drops what is queued and ends the thread after the event being delivered, without waiting for it. */
    synchronized void closeNow() {
        closing = true;
        queue.clear();
        queuedSteps = 0;
        notifyAll();
    }

    /** Waits until everything queued so far is delivered (or the timeout passes); true if drained. */
    boolean awaitDrained(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        synchronized (this) {
            while (!queue.isEmpty() || busy) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        }
    }

    private void dropOldestStep() {
        for (Iterator<TrainingEvent> it = queue.iterator(); it.hasNext(); ) {
            if (it.next() instanceof TrainingEvent.Step) {
                it.remove();
                queuedSteps--;
                dropped++;
                return;
            }
        }
    }

    private void deliverLoop() {
        while (true) {
            TrainingEvent next;
            synchronized (this) {
                busy = false;
                notifyAll();
                while (queue.isEmpty() && !closing) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (queue.isEmpty()) {
                    return;
                }
                next = queue.removeFirst();
                if (next instanceof TrainingEvent.Step) {
                    queuedSteps--;
                }
                busy = true;
            }
            try {
                listener.onEvent(next);
            } catch (RuntimeException e) {
                log.warn("a training listener failed on {}: {}", next.getClass().getSimpleName(), e.toString(), e);
            }
        }
    }
}
