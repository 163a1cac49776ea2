package dev.halfday.engine.bot.wecom.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.halfday.engine.bot.wecom.WeComErrors;
import dev.halfday.engine.bot.wecom.WeComMediaCipher;
import dev.halfday.engine.bot.wecom.WeComProtocol;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.java_websocket.WebSocket;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in for WeCom's AI-bot gateway on loopback, for tests and the app's demo mode: a real WebSocket
 * server speaking the frames of docs/wecom-protocol.md, and a real HTTP server handing out the encrypted
 * images that callbacks point to.
 *
 * <p>It checks the subscribe frame and the secret, pushes message and event callbacks (queued while no bot is
 * subscribed, delivered once one is), acks and validates every frame the bot sends, reassembles chunked
 * uploads and records every reply the bot made — only once acked, as the real gateway would show it. Faults
 * on demand: wrong secret (just configure another one), dropped connections, unanswered heartbeats, slow
 * acks, duplicate callbacks, closed reply windows, and a second connection replacing the first.
 *
 * <p>All protocol logic runs on one thread, so the recorded order is the order frames were taken.
 */
public final class WeComGatewaySimulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WeComGatewaySimulator.class);
    /** Sim-only code for a frame sent before a successful subscribe. */
    public static final int NOT_SUBSCRIBED = 853001;
    /** Sim-only code for a malformed frame (missing field, bad upload). */
    public static final int BAD_FRAME = 40058;
    private static final Duration LINK_LIFETIME = Duration.ofMinutes(5);

    /**
     * A reply the bot made, as the chat would show it.
     *
     * @param msgId   the message it answers ("" for a pushed message)
     * @param via     "respond" (on the message's req_id), "push" (aibot_send_msg) or "welcome"
     * @param msgType "stream", "markdown", "text" or "image"
     * @param image   the reassembled upload for an image reply, else null
     */
    public record Reply(String msgId, String chatId, String via, String msgType, String text, byte[] image,
                        Instant at) {
    }

    private record Callback(String msgId, String chatId, String userId, String frame) {
    }

    private record Upload(String type, int totalSize, int totalChunks, String md5, Map<Integer, byte[]> chunks,
                          String[] mediaId) {
    }

    private record Media(byte[] encrypted, Instant expires) {
    }

    private final String botId;
    private final String secret;
    private final Server ws;
    private final HttpServer http;
    private final ScheduledExecutorService logic;
    private final SecureRandom random = new SecureRandom();
    private final Faults faults = new Faults();

    // Owned by the logic thread:
    private WebSocket active;
    private final Map<WebSocket, Boolean> subscribed = new HashMap<>();
    private final Map<String, Callback> callbacksByReqId = new HashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger acksSent = new java.util.concurrent.atomic.AtomicInteger();
    private final Map<String, Upload> uploads = new HashMap<>();
    private final Map<String, byte[]> media = new HashMap<>();
    private final Map<String, String> streamsDone = new HashMap<>();
    /** req_ids of callbacks waiting for a subscribed bot, in order. */
    private final Deque<String> outbox = new ArrayDeque<>();
    /** req_ids of callbacks sent on each connection and not yet answered: re-pushed if it drops. */
    private final Map<WebSocket, LinkedHashSet<String>> unanswered = new HashMap<>();

    private final Map<String, Media> downloads = new ConcurrentHashMap<>();
    private final List<Reply> replies = new CopyOnWriteArrayList<>();
    private final List<Consumer<Reply>> replyListeners = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> framesByCmd = new ConcurrentHashMap<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger downloadsServed = new AtomicInteger();

    private WeComGatewaySimulator(String botId, String secret, int wsPort, int httpPort) throws IOException {
        this.botId = botId;
        this.secret = secret;
        this.logic = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wecom-sim");
            t.setDaemon(true);
            return t;
        });
        InetAddress loopback = InetAddress.getLoopbackAddress();
        this.http = HttpServer.create(new InetSocketAddress(loopback, httpPort), 0);
        http.createContext("/media/", this::serveMedia);
        http.createContext("/_sim/post", this::simPost);
        http.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "wecom-sim-http");
            t.setDaemon(true);
            return t;
        }));
        http.start();
        this.ws = new Server(new InetSocketAddress(loopback, wsPort));
        ws.start();
        try {
            if (!ws.started.await(10, TimeUnit.SECONDS)) {
                throw new IOException("the WeCom simulator did not start within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the WeCom simulator", e);
        }
        if (ws.startError != null) {
            http.stop(0);
            throw new IOException("the WeCom simulator could not listen on port " + wsPort + ": "
                    + ws.startError.getMessage(), ws.startError);
        }
    }

    /** Starts on free loopback ports. */
    public static WeComGatewaySimulator start(String botId, String secret) throws IOException {
        return start(botId, secret, 0);
    }

    /** Starts with the WebSocket on {@code wsPort} (0 = any free port) and HTTP on any free port. */
    public static WeComGatewaySimulator start(String botId, String secret, int wsPort) throws IOException {
        return new WeComGatewaySimulator(botId, secret, wsPort, 0);
    }

    /** The address to give the bot ({@code --wecom-url}). */
    public URI url() {
        return URI.create("ws://127.0.0.1:" + ws.getPort());
    }

    public String botId() {
        return botId;
    }

    public Faults faults() {
        return faults;
    }

    // ---------------------------------------------------------------- pushing messages

    /** A member posts an image; {@code chatId} null means a private chat with the bot. Returns the msgid. */
    public String sendImage(String chatId, String userId, byte[] image) {
        String msgId = newId("msg");
        ObjectNode body = messageBody(msgId, chatId, userId, "image");
        body.set("image", imageNode(image));
        push(WeComProtocol.MSG_CALLBACK, body, msgId, chatIdOrUser(chatId, userId), userId);
        return msgId;
    }

    /** A member posts text and images together (how "@bot + picture" arrives in a group). */
    public String sendMixed(String chatId, String userId, String text, byte[]... images) {
        String msgId = newId("msg");
        ObjectNode body = messageBody(msgId, chatId, userId, "mixed");
        ArrayNode items = body.putObject("mixed").putArray("msg_item");
        if (text != null && !text.isEmpty()) {
            ObjectNode t = items.addObject();
            t.put("msgtype", "text");
            t.putObject("text").put("content", text);
        }
        for (byte[] image : images) {
            ObjectNode i = items.addObject();
            i.put("msgtype", "image");
            i.set("image", imageNode(image));
        }
        push(WeComProtocol.MSG_CALLBACK, body, msgId, chatIdOrUser(chatId, userId), userId);
        return msgId;
    }

    public String sendText(String chatId, String userId, String text) {
        String msgId = newId("msg");
        ObjectNode body = messageBody(msgId, chatId, userId, "text");
        body.putObject("text").put("content", text);
        push(WeComProtocol.MSG_CALLBACK, body, msgId, chatIdOrUser(chatId, userId), userId);
        return msgId;
    }

    /** A user opens a private chat with the bot (the first time that day). */
    public String sendEnterChat(String userId) {
        String msgId = newId("evt");
        ObjectNode body = WeComProtocol.JSON.createObjectNode();
        body.put("msgid", msgId);
        body.put("create_time", Instant.now().getEpochSecond());
        body.put("aibotid", botId);
        body.put("chattype", "single");
        body.putObject("from").put("userid", userId);
        body.put("msgtype", "event");
        body.putObject("event").put("eventtype", "enter_chat");
        push(WeComProtocol.EVENT_CALLBACK, body, msgId, userId, userId);
        return msgId;
    }

    private ObjectNode messageBody(String msgId, String chatId, String userId, String msgType) {
        ObjectNode body = WeComProtocol.JSON.createObjectNode();
        body.put("msgid", msgId);
        body.put("aibotid", botId);
        if (chatId != null) {
            body.put("chatid", chatId);
        }
        body.put("chattype", chatId == null ? "single" : "group");
        body.putObject("from").put("userid", userId);
        body.put("create_time", Instant.now().getEpochSecond());
        body.put("msgtype", msgType);
        return body;
    }

    /** Encrypts the image with a fresh key, serves it over HTTP, and describes it as WeCom does. */
    private ObjectNode imageNode(byte[] image) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        String token = newId("m");
        downloads.put(token, new Media(WeComMediaCipher.encrypt(image, key), Instant.now().plus(LINK_LIFETIME)));
        ObjectNode node = WeComProtocol.JSON.createObjectNode();
        node.put("url", "http://127.0.0.1:" + http.getAddress().getPort() + "/media/" + token);
        node.put("aeskey", WeComMediaCipher.encodeKey(key));
        return node;
    }

    private static String chatIdOrUser(String chatId, String userId) {
        return chatId == null ? userId : chatId;
    }

    private void push(String cmd, ObjectNode body, String msgId, String chatId, String userId) {
        String reqId = newId("req");
        Callback callback = new Callback(msgId, chatId, userId, WeComProtocol.write(WeComProtocol.frame(cmd, reqId, body)));
        onLogic(() -> {
            callbacksByReqId.put(reqId, callback);
            outbox.add(reqId);
            flush();
        });
    }

    /** Delivers queued callbacks to the subscribed bot, if there is one. */
    private void flush() {
        while (active != null && !outbox.isEmpty()) {
            String reqId = outbox.poll();
            String frame = callbacksByReqId.get(reqId).frame();
            unanswered.computeIfAbsent(active, k -> new LinkedHashSet<>()).add(reqId);
            active.send(frame);
            if (faults.duplicateCallbacks) {
                active.send(frame);
            }
        }
    }

    /**
     * A connection ended: callbacks it carried that were never answered go out again on the next one, as
     * WeCom re-pushes unanswered messages (the bot may or may not have seen them: it must drop repeats).
     */
    private void requeueUnanswered(WebSocket conn) {
        LinkedHashSet<String> open = unanswered.remove(conn);
        if (open == null || open.isEmpty()) {
            return;
        }
        List<String> again = new ArrayList<>(open);
        Collections.reverse(again);
        again.forEach(outbox::addFirst);
        flush();
    }

    private void answered(String reqId) {
        unanswered.values().forEach(set -> set.remove(reqId));
    }

    // ---------------------------------------------------------------- what the bot did

    /** Every reply so far, in the order the gateway took them. */
    public List<Reply> replies() {
        return List.copyOf(replies);
    }

    public List<Reply> repliesTo(String msgId) {
        return replies.stream().filter(r -> r.msgId().equals(msgId)).toList();
    }

    /** Waits until at least {@code count} replies were recorded. */
    public List<Reply> awaitReplies(int count, Duration timeout) throws TimeoutException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (replies.size() < count) {
            if (System.nanoTime() > end) {
                throw new TimeoutException("the bot made " + replies.size() + " replies, expected " + count);
            }
            Thread.sleep(10);
        }
        return replies();
    }

    /** Acks sent so far (a delayed ack counts once it has gone out). */
    public int acksSent() {
        return acksSent.get();
    }

    /** Called (on the simulator's thread) for every recorded reply; the demo chat view listens here. */
    public void onReply(Consumer<Reply> listener) {
        replyListeners.add(listener);
    }

    /** WebSocket connections accepted so far. */
    public int connectionCount() {
        return connections.get();
    }

    /** Frames received with this cmd ("aibot_subscribe", "ping", ...). */
    public int frames(String cmd) {
        AtomicInteger n = framesByCmd.get(cmd);
        return n == null ? 0 : n.get();
    }

    /** Encrypted images downloaded so far. */
    public int downloadsServed() {
        return downloadsServed.get();
    }

    /** True while a bot is connected and subscribed. */
    public boolean botOnline() {
        try {
            return logic.submit(() -> active != null).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- faults

    /** Misbehaviour on demand; every switch takes effect for the next frame. */
    public final class Faults {
        private volatile boolean ignorePings;
        private volatile boolean duplicateCallbacks;
        private volatile Duration ackDelay = Duration.ZERO;
        private volatile String dropOnCmd;
        private final Map<String, Integer> closedReplyWindows = new ConcurrentHashMap<>();

        /** Stop answering heartbeats (the connection otherwise stays up). */
        public Faults ignorePings(boolean on) {
            ignorePings = on;
            return this;
        }

        /** Deliver every callback twice. */
        public Faults duplicateCallbacks(boolean on) {
            duplicateCallbacks = on;
            return this;
        }

        /** Delay every ack (not heartbeat acks) by this much. */
        public Faults ackDelay(Duration delay) {
            ackDelay = delay;
            return this;
        }

        /**
         * Drop the bot's connection without a close handshake, between frames: acks already written go out
         * first, frames the bot sends after this are lost. (A drop that also eats an ack in flight would make
         * the bot resend that frame; see docs/wecom-protocol.md on what that means for image replies.)
         */
        public void dropConnection() {
            onLogic(() -> {
                WebSocket conn = active;
                if (conn == null) {
                    return;
                }
                long end = System.nanoTime() + 1_000_000_000L;
                try {
                    while (conn.hasBufferedData() && System.nanoTime() < end) {
                        Thread.sleep(1);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                conn.closeConnection(CloseFrame.ABNORMAL_CLOSE, "simulated network drop");
            });
        }

        /** When the next frame with this cmd arrives, lose it and drop the connection (as if cut in transit). */
        public Faults dropOnNext(String cmd) {
            dropOnCmd = cmd;
            return this;
        }

        /** Answer replies to this message with an errcode (e.g. 846605: req_id expired). */
        public Faults closeReplyWindow(String msgId, int errcode) {
            closedReplyWindows.put(msgId, errcode);
            return this;
        }
    }

    // ---------------------------------------------------------------- frames from the bot (logic thread)

    private void onFrame(WebSocket conn, String text) {
        if (!conn.isOpen()) {
            return; // the connection was dropped: what it still carried is lost in transit
        }
        JsonNode frame;
        try {
            frame = WeComProtocol.parse(text);
        } catch (IOException e) {
            log.warn("simulator got a frame that is not JSON");
            return;
        }
        String cmd = frame.path("cmd").asText("");
        String reqId = WeComProtocol.reqIdOf(frame);
        framesByCmd.computeIfAbsent(cmd, k -> new AtomicInteger()).incrementAndGet();
        if (cmd.equals(faults.dropOnCmd)) {
            faults.dropOnCmd = null;
            conn.closeConnection(CloseFrame.ABNORMAL_CLOSE, "simulated drop in transit");
            return;
        }
        if (reqId.isEmpty()) {
            return; // nothing to answer to
        }
        JsonNode body = frame.path("body");
        if (cmd.equals(WeComProtocol.SUBSCRIBE)) {
            subscribe(conn, reqId, body);
            return;
        }
        if (!Boolean.TRUE.equals(subscribed.get(conn))) {
            ack(conn, reqId, NOT_SUBSCRIBED, "not subscribed: send aibot_subscribe first", null, false);
            return;
        }
        switch (cmd) {
            case WeComProtocol.PING -> {
                if (!faults.ignorePings) {
                    ack(conn, reqId, 0, "ok", null, true);
                }
            }
            case WeComProtocol.RESPOND_MSG, WeComProtocol.RESPOND_WELCOME -> respond(conn, cmd, reqId, body);
            case WeComProtocol.SEND_MSG -> pushed(conn, reqId, body);
            case WeComProtocol.UPLOAD_INIT -> uploadInit(conn, reqId, body);
            case WeComProtocol.UPLOAD_CHUNK -> uploadChunk(conn, reqId, body);
            case WeComProtocol.UPLOAD_FINISH -> uploadFinish(conn, reqId, body);
            default -> ack(conn, reqId, BAD_FRAME, "unknown cmd " + cmd, null, false);
        }
    }

    private void subscribe(WebSocket conn, String reqId, JsonNode body) {
        if (!botId.equals(body.path("bot_id").asText()) || !secret.equals(body.path("secret").asText())) {
            ack(conn, reqId, WeComErrors.INVALID_BOT_OR_SECRET, "invalid bot_id or secret", null, true);
            return;
        }
        WebSocket previous = active;
        if (previous != null && previous != conn) {
            // Like WeCom: a new connection for the same bot replaces the old one, which is told so and closed.
            ObjectNode event = WeComProtocol.JSON.createObjectNode();
            event.put("msgid", newId("evt"));
            event.put("create_time", Instant.now().getEpochSecond());
            event.put("aibotid", botId);
            event.putObject("from").put("userid", "");
            event.put("msgtype", "event");
            event.putObject("event").put("eventtype", "disconnected_event");
            previous.send(WeComProtocol.write(WeComProtocol.frame(WeComProtocol.EVENT_CALLBACK, newId("req"), event)));
            previous.close(CloseFrame.NORMAL, "replaced by a new connection");
            subscribed.remove(previous);
        }
        subscribed.put(conn, true);
        active = conn;
        ack(conn, reqId, 0, "ok", null, true);
        flush();
    }

    private void respond(WebSocket conn, String cmd, String reqId, JsonNode body) {
        Callback callback = callbacksByReqId.get(reqId);
        if (callback == null) {
            ack(conn, reqId, WeComErrors.INVALID_REQ_ID, "invalid req_id", null, false);
            return;
        }
        Integer closedWith = faults.closedReplyWindows.get(callback.msgId());
        if (closedWith != null) {
            ack(conn, reqId, closedWith, closedWith == WeComErrors.INVALID_REQ_ID ? "invalid req_id"
                    : "stream message update expired", null, false);
            return;
        }
        String via = cmd.equals(WeComProtocol.RESPOND_WELCOME) ? "welcome" : "respond";
        Reply reply = toReply(callback.msgId(), callback.chatId(), via, body);
        if (reply == null) {
            ack(conn, reqId, BAD_FRAME, "unsupported or incomplete reply body", null, false);
            return;
        }
        answered(reqId);
        if (reply.msgType().equals("stream")) {
            String streamId = body.path("stream").path("id").asText("");
            if (!body.path("stream").path("finish").asBoolean(false)) {
                ack(conn, reqId, 0, "ok", null, false); // an unfinished stream: the chat shows it as in progress
                return;
            }
            String previous = streamsDone.put(streamId, reply.text());
            if (previous != null) {
                ack(conn, reqId, 0, "ok", null, false); // the same finished stream again replaces, not adds
                return;
            }
        }
        record(reply); // before the ack: once the bot sees the ack, the reply must be visible
        ack(conn, reqId, 0, "ok", null, false);
    }

    private void pushed(WebSocket conn, String reqId, JsonNode body) {
        String chatId = body.path("chatid").asText("");
        if (chatId.isEmpty()) {
            ack(conn, reqId, BAD_FRAME, "chatid missing", null, false);
            return;
        }
        Reply reply = toReply("", chatId, "push", body);
        if (reply == null) {
            ack(conn, reqId, BAD_FRAME, "unsupported or incomplete message body", null, false);
            return;
        }
        record(reply);
        ack(conn, reqId, 0, "ok", null, false);
    }

    /** Reads a reply body; null if it is not one the gateway would accept. */
    private Reply toReply(String msgId, String chatId, String via, JsonNode body) {
        String type = body.path("msgtype").asText("");
        Instant now = Instant.now();
        switch (type) {
            case "stream" -> {
                if (body.path("stream").path("id").asText("").isEmpty()) {
                    return null;
                }
                return new Reply(msgId, chatId, via, type, body.path("stream").path("content").asText(""), null, now);
            }
            case "markdown", "text" -> {
                String content = body.path(type).path("content").asText(null);
                return content == null ? null : new Reply(msgId, chatId, via, type, content, null, now);
            }
            case "image" -> {
                byte[] bytes = media.get(body.path("image").path("media_id").asText(""));
                return bytes == null ? null : new Reply(msgId, chatId, via, type, "", bytes, now);
            }
            default -> {
                return null;
            }
        }
    }

    private void record(Reply reply) {
        replies.add(reply);
        for (Consumer<Reply> l : replyListeners) {
            try {
                l.accept(reply);
            } catch (RuntimeException e) {
                log.warn("a simulator reply listener failed", e);
            }
        }
    }

    private void uploadInit(WebSocket conn, String reqId, JsonNode body) {
        int size = body.path("total_size").asInt(-1);
        int chunks = body.path("total_chunks").asInt(-1);
        String md5 = body.path("md5").asText("");
        String type = body.path("type").asText("");
        if (!List.of("image", "file", "voice", "video").contains(type) || size <= 0 || chunks < 1
                || chunks > WeComProtocol.UPLOAD_MAX_CHUNKS
                || chunks != (size + WeComProtocol.UPLOAD_CHUNK_BYTES - 1) / WeComProtocol.UPLOAD_CHUNK_BYTES
                || !md5.matches("[0-9a-f]{32}")) {
            ack(conn, reqId, BAD_FRAME, "invalid upload parameters", null, false);
            return;
        }
        String uploadId = newId("up");
        uploads.put(uploadId, new Upload(type, size, chunks, md5, new HashMap<>(), new String[1]));
        ObjectNode answer = WeComProtocol.JSON.createObjectNode().put("upload_id", uploadId);
        ack(conn, reqId, 0, "ok", answer, false);
    }

    private void uploadChunk(WebSocket conn, String reqId, JsonNode body) {
        Upload upload = uploads.get(body.path("upload_id").asText(""));
        int index = body.path("chunk_index").asInt(-1);
        byte[] data;
        try {
            data = Base64.getDecoder().decode(body.path("base64_data").asText(""));
        } catch (IllegalArgumentException e) {
            data = null;
        }
        if (upload == null || index < 0 || index >= upload.totalChunks() || data == null || data.length == 0
                || data.length > WeComProtocol.UPLOAD_CHUNK_BYTES) {
            ack(conn, reqId, BAD_FRAME, "invalid chunk", null, false);
            return;
        }
        upload.chunks().put(index, data);
        ack(conn, reqId, 0, "ok", null, false);
    }

    private void uploadFinish(WebSocket conn, String reqId, JsonNode body) {
        Upload upload = uploads.get(body.path("upload_id").asText(""));
        if (upload == null) {
            ack(conn, reqId, BAD_FRAME, "unknown upload_id", null, false);
            return;
        }
        if (upload.mediaId()[0] == null) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (int i = 0; i < upload.totalChunks(); i++) {
                byte[] chunk = upload.chunks().get(i);
                if (chunk == null) {
                    ack(conn, reqId, BAD_FRAME, "chunk " + i + " missing", null, false);
                    return;
                }
                all.writeBytes(chunk);
            }
            byte[] bytes = all.toByteArray();
            if (bytes.length != upload.totalSize() || !md5Hex(bytes).equals(upload.md5())) {
                ack(conn, reqId, BAD_FRAME, "size or md5 does not match what init announced", null, false);
                return;
            }
            upload.mediaId()[0] = newId("media");
            media.put(upload.mediaId()[0], bytes);
        }
        ObjectNode answer = WeComProtocol.JSON.createObjectNode();
        answer.put("type", upload.type());
        answer.put("media_id", upload.mediaId()[0]);
        answer.put("created_at", String.valueOf(Instant.now().getEpochSecond()));
        ack(conn, reqId, 0, "ok", answer, false);
    }

    private void ack(WebSocket conn, String reqId, int errcode, String errmsg, JsonNode body, boolean immediate) {
        String text = WeComProtocol.write(WeComProtocol.ack(reqId, errcode, errmsg, body));
        Duration delay = faults.ackDelay;
        Runnable send = () -> {
            sendIfOpen(conn, text);
            acksSent.incrementAndGet();
        };
        if (immediate || delay.isZero()) {
            send.run();
        } else {
            logic.schedule(send, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static void sendIfOpen(WebSocket conn, String text) {
        if (conn.isOpen()) {
            conn.send(text);
        }
    }

    // ---------------------------------------------------------------- HTTP: encrypted images

    private void serveMedia(HttpExchange exchange) throws IOException {
        try (exchange) {
            String token = exchange.getRequestURI().getPath().substring("/media/".length());
            Media m = downloads.get(token);
            if (m == null || Instant.now().isAfter(m.expires())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            downloadsServed.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
            // A hostile name, as any server could send: clients must not use it.
            exchange.getResponseHeaders().add("Content-Disposition", "attachment; filename=\"../../../.bashrc\"");
            exchange.sendResponseHeaders(200, m.encrypted().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(m.encrypted());
            }
        }
    }

    /**
     * {@code POST /_sim/post?chat=CHATID&user=USERID[&text=…]} with an image as the body posts it as that member
     * (chat "-" or absent: a private chat); with an empty body and a text, posts the text. Answers the msgid.
     * For demos and scripts: {@code curl --data-binary @cat.png 'http://127.0.0.1:PORT/_sim/post?chat=g1&user=amy'}.
     */
    private void simPost(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
            String user = q.getOrDefault("user", "member");
            String chat = q.get("chat");
            if (chat == null || chat.isEmpty() || chat.equals("-")) {
                chat = null;
            }
            String text = q.getOrDefault("text", "");
            byte[] body = exchange.getRequestBody().readNBytes(20 * 1024 * 1024 + 1);
            String msgId;
            if (body.length > 20 * 1024 * 1024) {
                exchange.sendResponseHeaders(413, -1);
                return;
            } else if (body.length > 0) {
                msgId = text.isEmpty() ? sendImage(chat, user, body) : sendMixed(chat, user, text, body);
            } else if (!text.isEmpty()) {
                msgId = sendText(chat, user, text);
            } else {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            byte[] answer = (msgId + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(java.net.URLDecoder.decode(pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** Where to POST images to post them as a member (see {@link #simPost}). */
    public URI postUrl() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/_sim/post");
    }

    /** Serves {@code bytes} as if they were an encrypted image (for oversize and corrupt-download tests). */
    public String serveRaw(byte[] bytes) {
        String token = newId("m");
        downloads.put(token, new Media(bytes, Instant.now().plus(LINK_LIFETIME)));
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/media/" + token;
    }

    // ---------------------------------------------------------------- plumbing

    private void onLogic(Runnable r) {
        if (!logic.isShutdown()) {
            logic.execute(() -> {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    log.warn("WeCom simulator error", e);
                }
            });
        }
    }

    private String newId(String prefix) {
        byte[] b = new byte[8];
        random.nextBytes(b);
        return prefix + "_" + HexFormat.of().formatHex(b);
    }

    private static String md5Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            ws.stop(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.stop(0);
        logic.shutdownNow();
    }

    private final class Server extends WebSocketServer {
        final CountDownLatch started = new CountDownLatch(1);
        volatile Exception startError;

        Server(InetSocketAddress address) {
            super(address);
            setReuseAddr(true);
            setDaemon(true);
            setConnectionLostTimeout(0);
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            connections.incrementAndGet();
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
            onLogic(() -> {
                subscribed.remove(conn);
                if (active == conn) {
                    active = null;
                }
                requeueUnanswered(conn);
            });
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            onLogic(() -> onFrame(conn, message));
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
            if (conn == null) {
                startError = ex;
                started.countDown();
            }
            log.debug("simulator socket error: {}", ex.toString());
        }

        @Override
        public void onStart() {
            started.countDown();
        }
    }
}
