package dev.halfday.engine.bot.wecom;

import static org.awaitility.Awaitility.await;

import dev.halfday.engine.bot.ChannelEvent;
import dev.halfday.engine.bot.ChannelListener;
import dev.halfday.engine.bot.IncomingMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Records what a channel reports, with the time, and optionally reacts to messages. */
final class ChannelRecorder implements ChannelListener {

    record Timed<T>(T value, Instant at) {
    }

    final List<Timed<ChannelEvent>> events = new CopyOnWriteArrayList<>();
    final List<IncomingMessage> messages = new CopyOnWriteArrayList<>();
    private final Consumer<IncomingMessage> onMessage;

    ChannelRecorder() {
        this(m -> {
        });
    }

    ChannelRecorder(Consumer<IncomingMessage> onMessage) {
        this.onMessage = onMessage;
    }

    @Override
    public void onEvent(ChannelEvent event) {
        events.add(new Timed<>(event, Instant.now()));
    }

    @Override
    public void onMessage(IncomingMessage message) {
        messages.add(message);
        onMessage.accept(message);
    }

    <E extends ChannelEvent> List<Timed<E>> eventsOf(Class<E> type) {
        return events.stream().filter(e -> type.isInstance(e.value()))
                .map(e -> new Timed<>(type.cast(e.value()), e.at())).toList();
    }

    <E extends ChannelEvent> List<Timed<E>> awaitEvents(Class<E> type, int count, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(10)).until(() -> eventsOf(type).size() >= count);
        return eventsOf(type);
    }

    List<IncomingMessage> awaitMessages(int count, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(10)).until(() -> messages.size() >= count);
        return List.copyOf(messages);
    }
}
