package dev.halfday.app.bot;

import dev.halfday.engine.bot.wecom.WeComAiBotChannel;
import dev.halfday.engine.bot.wecom.WeComConfig;
import dev.halfday.engine.bot.wecom.WeComCredentials;
import dev.halfday.engine.bot.wecom.WeComProtocol;
import dev.halfday.engine.bot.wecom.sim.WeComGatewaySimulator;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Executor;
import javafx.application.Platform;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Bot tab's WeCom side: the Bot ID / Secret / address the user enters, kept in an owner-only file (not in
 * the app's settings, never logged), and the channel made from them — or, in demo mode, from a local
 * simulator of WeCom's gateway.
 */
final class WeComChannelSetup {

    private static final Logger log = LoggerFactory.getLogger(WeComChannelSetup.class);
    static final String DEMO_BOT_ID = "halfday-demo-bot";
    /** How the demo's members address the bot in a group (WeCom only delivers messages that @-mention it). */
    static final String DEMO_MENTION = "@Halfday";

    private final StringProperty botId = new SimpleStringProperty(this, "botId", "");
    private final StringProperty secret = new SimpleStringProperty(this, "secret", "");
    private final StringProperty url = new SimpleStringProperty(this, "url", "");
    private final Path file;

    WeComChannelSetup(Path file) {
        this.file = file;
    }

    StringProperty botIdProperty() {
        return botId;
    }

    StringProperty secretProperty() {
        return secret;
    }

    /** Empty means WeCom's public gateway. */
    StringProperty urlProperty() {
        return url;
    }

    boolean complete() {
        return !botId.get().isBlank() && !secret.get().isBlank();
    }

    /** Reads saved credentials off the FX thread and fills the fields the user has not typed into yet. */
    void loadAsync(Executor files) {
        files.execute(() -> {
            try {
                WeComCredentials.load(file).ifPresent(c -> Platform.runLater(() -> {
                    if (botId.get().isBlank() && secret.get().isBlank()) {
                        botId.set(c.botId());
                        secret.set(c.secret());
                        url.set(c.url().toString().equals(WeComProtocol.DEFAULT_URL) ? "" : c.url().toString());
                    }
                }));
            } catch (IOException e) {
                log.warn("saved WeCom credentials not loaded: {}", e.getMessage());
            }
        });
    }

    /** What the fields hold now (call on the FX thread); throws with a plain message for a bad address. */
    WeComCredentials snapshot() {
        String u = url.get().trim();
        URI address;
        try {
            address = u.isEmpty() ? URI.create(WeComProtocol.DEFAULT_URL) : URI.create(u);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the WeCom address is not a valid URL: " + u);
        }
        return new WeComCredentials(botId.get(), secret.get(), address);
    }

    /** Saves the credentials (owner-only file) and makes the channel; call off the FX thread. */
    WeComAiBotChannel connect(WeComCredentials credentials) throws IOException {
        WeComConfig config = credentials.toConfig(); // validates before anything is written
        credentials.save(file);
        return new WeComAiBotChannel(config);
    }

    /** Demo mode: a simulator of the gateway on loopback with a throwaway secret, and a channel to it. */
    static Demo startDemo() throws IOException {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        String demoSecret = HexFormat.of().formatHex(b);
        WeComGatewaySimulator sim = WeComGatewaySimulator.start(DEMO_BOT_ID, demoSecret);
        return new Demo(sim, new WeComAiBotChannel(WeComConfig.of(sim.url(), DEMO_BOT_ID, demoSecret)));
    }

    record Demo(WeComGatewaySimulator simulator, WeComAiBotChannel channel) {
    }
}
