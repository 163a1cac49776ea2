package dev.halfday.engine.bot.wechat;

import dev.halfday.engine.bot.ChannelEvent;
import dev.halfday.engine.bot.ChannelListener;
import dev.halfday.engine.bot.RecordingListener;
import dev.halfday.engine.bot.wechat.sim.WeChatSimulator;
import dev.halfday.engine.util.AppDirs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A simulator and client config tuned for fast tests (short holds and backoffs). */
public final class SimTestSupport {

    private SimTestSupport() {
    }

    public static WeChatSimulator fastSim() throws IOException {
        return WeChatSimulator.start(0).loginHold(Duration.ofMillis(500)).syncHold(Duration.ofSeconds(2));
    }

    public static WebWeChatConfig.Builder fastConfig(WeChatSimulator sim, String testName) throws IOException {
        Path dir = AppDirs.data().resolve("bot-tests").resolve(testName + "-" + System.nanoTime());
        Files.createDirectories(dir);
        return WebWeChatConfig.builder()
                .singleBase(sim.baseUrl())
                .sessionFile(dir.resolve("web-wechat-session.json"))
                .requestTimeout(Duration.ofSeconds(10))
                .longPollTimeout(Duration.ofSeconds(10))
                .minLoginPollInterval(Duration.ofMillis(20))
                .retry(Duration.ofMillis(100), Duration.ofSeconds(1))
                .sessionRetry(Duration.ofMillis(300), Duration.ofSeconds(3));
    }

    /** Starts the channel, plays the phone (scan, confirm) and waits for LoggedIn. */
    public static ChannelEvent.LoggedIn login(WebWeChatChannel channel, WeChatSimulator sim, RecordingListener events)
            throws Exception {
        return login(channel, sim, events, events);
    }

    /** Like {@link #login(WebWeChatChannel, WeChatSimulator, RecordingListener)}, the channel reporting to a
     * listener that passes everything on to {@code events}. */
    public static ChannelEvent.LoggedIn login(WebWeChatChannel channel, WeChatSimulator sim, RecordingListener events,
                                              ChannelListener listener) throws Exception {
        channel.start(listener);
        events.await(ChannelEvent.QrCode.class, Duration.ofSeconds(10));
        sim.awaitQr(Duration.ofSeconds(10));
        if (!sim.scan()) {
            throw new IllegalStateException("nothing to scan");
        }
        events.await(ChannelEvent.Scanned.class, Duration.ofSeconds(10));
        sim.confirm();
        return events.await(ChannelEvent.LoggedIn.class, Duration.ofSeconds(10));
    }

    public static byte[] sample(String name) throws IOException {
        try (var in = SimTestSupport.class.getResourceAsStream("/halfday/resources/samples/" + name)) {
            if (in == null) {
                throw new IOException("missing sample " + name);
            }
            return in.readAllBytes();
        }
    }
}
