package dev.halfday.app.common;

import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A small typed event bus between the shell and its pages, so that neither holds a reference to the other
 * (the shell's File menu asks for "open these images"; whichever page handles images answers).
 *
 * <p>Handlers always run on the FX thread, whatever thread published. A subscriber receives every event whose
 * class is its subscribed type or a subtype. A failing handler is logged and does not stop the others.
 */
public final class EventBus {

    private static final Logger log = LoggerFactory.getLogger(EventBus.class);

    private record Subscriber<E>(Class<E> type, Consumer<? super E> handler) {
        void deliver(Object event) {
            handler.accept(type.cast(event));
        }
    }

    /** Returned by {@link #subscribe}; closing it stops delivery. */
    @FunctionalInterface
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    private final List<Subscriber<?>> subscribers = new CopyOnWriteArrayList<>();

    public <E> Subscription subscribe(Class<E> type, Consumer<? super E> handler) {
        Subscriber<E> subscriber = new Subscriber<>(type, handler);
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    /** Delivers an event to its subscribers on the FX thread (now, if called on it; else soon). */
    public void publish(Object event) {
        if (Platform.isFxApplicationThread()) {
            deliver(event);
        } else {
            Platform.runLater(() -> deliver(event));
        }
    }

    private void deliver(Object event) {
        for (Subscriber<?> s : subscribers) {
            if (s.type().isInstance(event)) {
                try {
                    s.deliver(event);
                } catch (RuntimeException e) {
                    log.error("handler for {} failed", event.getClass().getSimpleName(), e);
                }
            }
        }
    }
}
