package dev.halfday.engine.bot;

import dev.halfday.engine.bot.wechat.SimTestSupport;
import dev.halfday.engine.bot.wechat.WebWeChatChannel;
import dev.halfday.engine.bot.wechat.sim.WeChatSimulator;
import dev.halfday.engine.client.DetectionClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/** A simulator, the real web channel over loopback HTTP and a bot, logged in and ready. */
final class BotHarness implements AutoCloseable, BotListener {

    final WeChatSimulator sim;
    final WebWeChatChannel channel;
    final Bot bot;
    private final List<HandledMessage> handled = new ArrayList<>();
    private final List<String> commandReplies = new ArrayList<>();

    BotHarness(DetectionClient detection, BotSettings settings, String... groups) throws Exception {
        sim = SimTestSupport.fastSim();
        for (String g : groups) {
            sim.addGroup(g, "Alice", "Bob");
        }
        channel = new WebWeChatChannel(SimTestSupport.fastConfig(sim, "bot").build());
        bot = new Bot(channel, detection, settings);
        bot.addListener(this);
        RecordingListener events = new RecordingListener();
        bot.addListener(new BotListener() {
            @Override
            public void onChannelEvent(ChannelEvent event) {
                events.onEvent(event);
            }
        });
        bot.start();
        sim.awaitQr(Duration.ofSeconds(10));
        sim.scanAndConfirm();
        events.await(ChannelEvent.LoggedIn.class, Duration.ofSeconds(10));
        events.await(ChannelEvent.GroupsChanged.class, Duration.ofSeconds(10));
    }

    @Override
    public synchronized void onHandled(HandledMessage message) {
        handled.add(message);
        notifyAll();
    }

    @Override
    public synchronized void onCommand(IncomingMessage command, String reply) {
        commandReplies.add(reply);
        notifyAll();
    }

    synchronized List<HandledMessage> handled() {
        return List.copyOf(handled);
    }

    synchronized List<HandledMessage> awaitHandled(Predicate<HandledMessage> filter, int count, Duration timeout)
            throws InterruptedException, TimeoutException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<HandledMessage> match = handled.stream().filter(filter).toList();
            if (match.size() >= count) {
                return match;
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("only " + match.size() + " of " + count + " handled; all: " + handled);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Waits until the bot has looked at {@code n} more messages than before (answered or ignored). */
    void awaitReceived(long n, Duration timeout) throws InterruptedException, TimeoutException {
        long end = System.nanoTime() + timeout.toNanos();
        while (bot.counters().received() < n) {
            if (System.nanoTime() > end) {
                throw new TimeoutException("the bot received " + bot.counters().received() + " of " + n + " messages");
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        bot.stop();
        sim.close();
    }
}
