package dev.halfday.engine.bot.wecom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.halfday.engine.bot.ChannelEvent;
import dev.halfday.engine.bot.ChannelException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ServerHandshake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection to the gateway: sends frames, matches acks to waiting senders by req_id, and
 * reports opening, callbacks and closing to its owner. A new connection object is made for every reconnect,
 * so late events from an old socket are recognised and ignored.
 */
final class WeComConnection {

    private static final Logger log = LoggerFactory.getLogger(WeComConnection.class);

    interface Events {
        void opened(WeComConnection c);

        void subscribeAnswered(WeComConnection c, JsonNode ack);

        void callback(WeComConnection c, JsonNode frame);

        void closed(WeComConnection c, int code, String reason);
    }

    final int generation;
    final AtomicInteger missedPings = new AtomicInteger();
    // Owned by the channel's control thread:
    ScheduledFuture<?> subscribeTimeout;
    boolean subscribed;
    long subscribedAtNanos;
    ChannelEvent.LoggedOut endWith;

    private final Events events;
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final Socket socket;
    private volatile boolean closed;
    private volatile String subscribeReqId = "";

    WeComConnection(URI url, int generation, int connectTimeoutMillis, Events events) {
        this.generation = generation;
        this.events = events;
        this.socket = new Socket(url, connectTimeoutMillis);
    }

    void connect() {
        socket.connect();
    }

    /** Sends the subscribe frame; its answer comes back through {@link Events#subscribeAnswered}. */
    void sendSubscribe(ObjectNode body) {
        subscribeReqId = WeComProtocol.newReqId(WeComProtocol.SUBSCRIBE);
        sendQuietly(WeComProtocol.write(WeComProtocol.frame(WeComProtocol.SUBSCRIBE, subscribeReqId, body)));
    }

    void sendPing() {
        sendQuietly(WeComProtocol.write(WeComProtocol.frame(WeComProtocol.PING,
                WeComProtocol.newReqId(WeComProtocol.PING), null)));
    }

    /**
     * Sends a frame and waits for the ack with the same req_id.
     *
     * @throws ConnectionLostException if the connection is gone or goes away before the ack
     * @throws TimeoutException        if no ack came in time (the frame may still have been taken)
     */
    JsonNode exchange(String reqId, String frameText, Duration timeout)
            throws ChannelException, TimeoutException {
        if (closed) {
            throw new ConnectionLostException(false);
        }
        CompletableFuture<JsonNode> ack = new CompletableFuture<>();
        if (pending.putIfAbsent(reqId, ack) != null) {
            throw new ChannelException("a frame with request id " + reqId + " is already waiting for its ack");
        }
        if (closed) {
            pending.remove(reqId, ack);
            throw new ConnectionLostException(false);
        }
        try {
            socket.send(frameText);
        } catch (WebsocketNotConnectedException e) {
            pending.remove(reqId, ack);
            throw new ConnectionLostException(false);
        }
        try {
            return ack.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            pending.remove(reqId, ack);
            throw e;
        } catch (ExecutionException e) {
            pending.remove(reqId, ack);
            throw new ConnectionLostException(true);
        } catch (InterruptedException e) {
            pending.remove(reqId, ack);
            Thread.currentThread().interrupt();
            throw new ChannelException("interrupted while waiting for WeCom", e);
        }
    }

    /** Marks the connection dead and fails everything waiting on it. */
    void failPending(ChannelException why) {
        closed = true;
        // Remove before failing: a sender woken by the failure may try again at once and must find no leftover.
        for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
            CompletableFuture<JsonNode> f = it.next().getValue();
            it.remove();
            f.completeExceptionally(why);
        }
    }

    /** Closes politely (close frame). */
    void close(int code, String reason) {
        closed = true;
        socket.close(code, reason);
    }

    /** Drops the socket at once, for a peer that no longer answers. */
    void abort(String reason) {
        closed = true;
        socket.closeConnection(CloseFrame.ABNORMAL_CLOSE, reason);
    }

    private void sendQuietly(String text) {
        try {
            socket.send(text);
        } catch (WebsocketNotConnectedException e) {
            log.debug("frame not sent: connection already closed");
        }
    }

    private void received(String text) {
        JsonNode frame;
        try {
            frame = WeComProtocol.parse(text);
        } catch (Exception e) {
            log.warn("ignored a frame from WeCom that is not JSON ({} chars)", text.length());
            return;
        }
        String cmd = frame.path("cmd").asText("");
        if (cmd.equals(WeComProtocol.MSG_CALLBACK) || cmd.equals(WeComProtocol.EVENT_CALLBACK)) {
            events.callback(this, frame);
            return;
        }
        String reqId = WeComProtocol.reqIdOf(frame);
        if (!reqId.isEmpty() && reqId.equals(subscribeReqId)) {
            events.subscribeAnswered(this, frame);
            return;
        }
        CompletableFuture<JsonNode> waiting = pending.remove(reqId);
        if (waiting != null) {
            waiting.complete(frame);
        } else if (reqId.startsWith(WeComProtocol.PING + "_")) {
            if (frame.path("errcode").asInt(0) == 0) {
                missedPings.set(0);
            }
        } else {
            log.debug("ack for {} arrived after its sender stopped waiting", reqId);
        }
    }

    private final class Socket extends WebSocketClient {
        Socket(URI url, int connectTimeoutMillis) {
            super(url, new org.java_websocket.drafts.Draft_6455(), Map.of(), connectTimeoutMillis);
            setDaemon(true);
        }

        @Override
        public void onOpen(ServerHandshake handshake) {
            events.opened(WeComConnection.this);
        }

        @Override
        public void onMessage(String message) {
            received(message);
        }

        @Override
        public void onClose(int code, String reason, boolean remote) {
            closed = true;
            events.closed(WeComConnection.this, code, reason);
        }

        @Override
        public void onError(Exception ex) {
            log.debug("WeCom socket error: {}", ex.toString());
        }
    }
}
