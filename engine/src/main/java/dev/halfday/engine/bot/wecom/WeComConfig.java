package dev.halfday.engine.bot.wecom;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How to reach and behave on WeCom's AI-bot long connection. The secret is held here and handed only to the
 * subscribe frame: {@link #toString()} never shows it.
 *
 * @param url               the gateway, {@code wss://openws.work.weixin.qq.com} unless a private deployment or a
 *                          simulator says otherwise
 * @param botId             the AI bot's Bot ID
 * @param secret            the AI bot's Secret
 * @param heartbeatInterval how often to ping
 * @param maxMissedPings    consecutive unanswered pings after which the connection is considered dead
 * @param ackTimeout        how long one frame waits for its ack
 * @param subscribeTimeout  how long the subscribe frame waits for its answer
 * @param replyDeadline     how long a reply may wait for a connection (across reconnects) before it fails
 * @param backoffBase       first reconnect delay
 * @param backoffCap        largest reconnect delay
 * @param stableAfter       a connection that stayed up this long resets the backoff
 * @param downloadTimeout   image download timeout
 * @param welcomeText       answer to {@code enter_chat} (a user opening a private chat with the bot), or null
 */
public record WeComConfig(URI url, String botId, String secret, Duration heartbeatInterval, int maxMissedPings,
                          Duration ackTimeout, Duration subscribeTimeout, Duration replyDeadline,
                          Duration backoffBase, Duration backoffCap, Duration stableAfter,
                          Duration downloadTimeout, String welcomeText) {

    public WeComConfig {
        checkUrl(url);
        if (botId == null || botId.isBlank()) {
            throw new IllegalArgumentException("a Bot ID is needed (WeCom admin console → AI bot → API mode)");
        }
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("a Secret is needed (WeCom admin console → AI bot → API mode)");
        }
        botId = botId.trim();
        secret = secret.trim();
        if (maxMissedPings < 1) {
            throw new IllegalArgumentException("maxMissedPings must be at least 1");
        }
    }

    /**
     * Refuses an address the channel cannot or must not use.
     *
     * @throws IllegalArgumentException with the reason in plain words
     */
    public static void checkUrl(URI url) {
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new IllegalArgumentException("the WeCom address must start with wss:// (or ws:// for a local simulator): " + url);
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException("the WeCom address has no host: " + url);
        }
        // The subscribe frame carries the Secret, and every message and reply follows: never in clear text over
        // a network. Plain ws:// is for a simulator on this computer only.
        if (scheme.equals("ws") && !isLoopback(url.getHost())) {
            throw new IllegalArgumentException("plain ws:// would send the Secret and every message unencrypted: use wss:// "
                    + "(ws:// is only for this computer, e.g. a simulator on ws://127.0.0.1:PORT): " + url);
        }
    }

    /**
     * "localhost" or a loopback IP literal. Other names are not resolved: what DNS answers today says nothing
     * about where the connection goes tomorrow.
     */
    static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        boolean ipLiteral = h.contains(":") || h.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
        if (!ipLiteral) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The SDK's defaults: 30 s heartbeat, two missed acks, 1 s → 30 s backoff; ours: 10 s ack timeout. */
    public static WeComConfig of(URI url, String botId, String secret) {
        return new WeComConfig(url, botId, secret, Duration.ofSeconds(30), 2, Duration.ofSeconds(10),
                Duration.ofSeconds(10), Duration.ofMinutes(2), Duration.ofSeconds(1), Duration.ofSeconds(30),
                Duration.ofSeconds(60), Duration.ofSeconds(30), null);
    }

    public static WeComConfig of(String botId, String secret) {
        return of(URI.create(WeComProtocol.DEFAULT_URL), botId, secret);
    }

    public WeComConfig withHeartbeat(Duration interval, int maxMissed) {
        return new WeComConfig(url, botId, secret, interval, maxMissed, ackTimeout, subscribeTimeout, replyDeadline,
                backoffBase, backoffCap, stableAfter, downloadTimeout, welcomeText);
    }

    public WeComConfig withTimeouts(Duration ack, Duration subscribe, Duration reply) {
        return new WeComConfig(url, botId, secret, heartbeatInterval, maxMissedPings, ack, subscribe, reply,
                backoffBase, backoffCap, stableAfter, downloadTimeout, welcomeText);
    }

    public WeComConfig withBackoff(Duration base, Duration cap, Duration stable) {
        return new WeComConfig(url, botId, secret, heartbeatInterval, maxMissedPings, ackTimeout, subscribeTimeout,
                replyDeadline, base, cap, stable, downloadTimeout, welcomeText);
    }

    public WeComConfig withWelcomeText(String text) {
        return new WeComConfig(url, botId, secret, heartbeatInterval, maxMissedPings, ackTimeout, subscribeTimeout,
                replyDeadline, backoffBase, backoffCap, stableAfter, downloadTimeout, text);
    }

    @Override
    public String toString() {
        return "WeComConfig[url=" + url + ", botId=" + botId + ", secret=(hidden), heartbeat=" + heartbeatInterval + "]";
    }
}
