package dev.halfday.engine.bot.wecom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.halfday.engine.bot.Channel;
import dev.halfday.engine.bot.ChannelEvent;
import dev.halfday.engine.bot.ChannelException;
import dev.halfday.engine.bot.ChannelListener;
import dev.halfday.engine.bot.ChatGroup;
import dev.halfday.engine.bot.IncomingMessage;
import dev.halfday.engine.bot.RecentIds;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WeCom (企业微信) AI bot on WeCom's WebSocket long connection: no public URL, just a Bot ID and Secret.
 *
 * <p>Threads: one control thread owns the connection's life (connect, subscribe, heartbeat, backoff); the
 * socket's reader thread completes acks and hands callbacks on; one dispatch thread calls the listener, in
 * order; replies run on the caller's thread and block until the gateway acks them.
 *
 * <p>Delivery: frames on one req_id go out one at a time, each after the previous one's ack. A reply that
 * finds no connection waits (up to {@link WeComConfig#replyDeadline()}) for the next one; a reply whose
 * connection dropped before its ack is sent again once reconnected (text replies are stream frames with a
 * fixed stream id, so a repeat replaces rather than duplicates); an upload cut off by a drop starts over.
 * When the gateway says a req_id can no longer be answered, the reply is pushed to the chat instead.
 */
public final class WeComAiBotChannel implements Channel {

    private static final Logger log = LoggerFactory.getLogger(WeComAiBotChannel.class);

    /** Images larger than this are not uploaded (WeCom's limit for image media is 10 MB). */
    public static final int MAX_IMAGE_BYTES = 10 * 1024 * 1024;
    /** Consecutive refused subscribes (other than bad credentials) before giving up. */
    static final int MAX_SUBSCRIBE_REFUSALS = 5;
    private static final int MAX_RESENDS = 3;
    private static final int MAX_UPLOAD_RESTARTS = 3;
    private static final int CHUNK_RETRIES = 2;
    private static final int CONNECT_TIMEOUT_MS = 10_000;

    private enum State { NEW, CONNECTING, ONLINE, WAITING, ENDED }

    private final WeComConfig config;
    private final WeComMediaDownloader downloader;
    private final WeComMessageParser parser;
    private final ReconnectBackoff backoff;
    private final RecentIds recentIds = new RecentIds(4096);
    private final ReplyLanes lanes = new ReplyLanes();
    private final Map<String, ChatGroup> groups = new ConcurrentHashMap<>();
    private final AtomicInteger connectionAttempts = new AtomicInteger();
    private final AtomicInteger generation = new AtomicInteger();
    /** Completes with the subscribed connection; replaced by a fresh one whenever the connection is lost. */
    private final AtomicReference<CompletableFuture<WeComConnection>> online =
            new AtomicReference<>(new CompletableFuture<>());

    private final ScheduledExecutorService control;
    private final ExecutorService dispatch;
    private final ExecutorService background;

    private volatile ChannelListener listener;
    private volatile State state = State.NEW;
    // Owned by the control thread:
    private WeComConnection current;
    private ScheduledFuture<?> heartbeatTask;
    private ScheduledFuture<?> reconnectTask;
    private int subscribeRefusals;

    public WeComAiBotChannel(WeComConfig config) {
        this.config = config;
        this.downloader = new WeComMediaDownloader(config.downloadTimeout());
        this.parser = new WeComMessageParser((url, key) -> maxBytes -> downloader.fetch(url, key, maxBytes));
        this.backoff = new ReconnectBackoff(config.backoffBase(), config.backoffCap(), ThreadLocalRandom.current());
        this.control = Executors.newSingleThreadScheduledExecutor(daemon("wecom-control"));
        this.dispatch = Executors.newSingleThreadExecutor(daemon("wecom-dispatch"));
        this.background = Executors.newCachedThreadPool(daemon("wecom-send"));
    }

    @Override
    public String id() {
        return "wecom";
    }

    @Override
    public synchronized void start(ChannelListener listener) {
        if (state != State.NEW) {
            throw new IllegalStateException("the WeCom channel was already started; create a new one to start again");
        }
        this.listener = listener;
        state = State.CONNECTING;
        log.info("connecting to WeCom at {} as bot {}", config.url(), config.botId());
        control.execute(this::connect);
    }

    @Override
    public void stop() {
        synchronized (this) {
            if (state == State.ENDED && control.isShutdown()) {
                return;
            }
            state = State.ENDED;
        }
        online.set(CompletableFuture.failedFuture(new ChannelException("the WeCom channel was stopped")));
        try {
            control.execute(() -> {
                cancelTimers();
                if (current != null) {
                    current.close(1000, "bot stopped");
                    current.failPending(new ChannelException("the WeCom channel was stopped"));
                    current = null;
                }
            });
        } catch (RejectedExecutionException ignored) {
            // already shut down
        }
        control.shutdown();
        try {
            control.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dispatch.shutdown();
        background.shutdown();
    }

    @Override
    public List<ChatGroup> groups() {
        List<ChatGroup> list = new ArrayList<>(groups.values());
        list.sort(Comparator.comparing(ChatGroup::name));
        return list;
    }

    /** How many times this channel has tried to open a connection (for status lines and tests). */
    public int connectionAttempts() {
        return connectionAttempts.get();
    }

    /** True while subscribed. */
    public boolean isOnline() {
        return state == State.ONLINE;
    }

    // ---------------------------------------------------------------- replies

    @Override
    public void replyText(IncomingMessage to, String text) throws ChannelException {
        WeComReplyHandle handle = handleOf(to);
        String content = truncateUtf8(text, WeComProtocol.STREAM_CONTENT_MAX_BYTES);
        ObjectNode body = WeComProtocol.JSON.createObjectNode();
        body.put("msgtype", "stream");
        ObjectNode stream = body.putObject("stream");
        stream.put("id", WeComProtocol.newReqId("stream"));
        stream.put("finish", true);
        stream.put("content", content);
        ObjectNode push = WeComProtocol.JSON.createObjectNode();
        push.put("msgtype", "markdown");
        push.putObject("markdown").put("content", content);
        respond(handle, body, push);
    }

    @Override
    public void replyImage(IncomingMessage to, byte[] png) throws ChannelException {
        WeComReplyHandle handle = handleOf(to);
        if (png == null || png.length == 0) {
            throw new ChannelException("there is no image to send");
        }
        if (png.length > MAX_IMAGE_BYTES) {
            throw new ChannelException("the image is " + png.length / 1024 + " KiB; WeCom accepts at most "
                    + MAX_IMAGE_BYTES / 1024 / 1024 + " MB");
        }
        String mediaId = uploadMedia(png, "image", "halfday-" + HexFormat.of().formatHex(md5(png), 0, 4) + ".png");
        ObjectNode body = WeComProtocol.JSON.createObjectNode();
        body.put("msgtype", "image");
        body.putObject("image").put("media_id", mediaId);
        respond(handle, body, body.deepCopy());
    }

    /**
     * Uploads a temporary media file over the long connection (init → chunks → finish) and returns its
     * media_id. Public for callers that send other media; the bot uses {@link #replyImage}.
     */
    public String uploadMedia(byte[] data, String type, String fileName) throws ChannelException {
        int chunks = Math.max(1, (data.length + WeComProtocol.UPLOAD_CHUNK_BYTES - 1) / WeComProtocol.UPLOAD_CHUNK_BYTES);
        if (chunks > WeComProtocol.UPLOAD_MAX_CHUNKS) {
            throw new ChannelException("the file is too large to upload to WeCom (more than "
                    + WeComProtocol.UPLOAD_MAX_CHUNKS + " chunks of 512 KiB)");
        }
        String md5 = HexFormat.of().formatHex(md5(data));
        for (int attempt = 1; ; attempt++) {
            try {
                return uploadOnce(data, type, fileName, chunks, md5);
            } catch (ConnectionLostException e) {
                if (attempt >= MAX_UPLOAD_RESTARTS) {
                    throw new ChannelException("the upload to WeCom kept being cut off by dropped connections", e);
                }
                log.info("connection dropped during an upload; starting the upload again");
            }
        }
    }

    private String uploadOnce(byte[] data, String type, String fileName, int chunks, String md5)
            throws ChannelException {
        ObjectNode init = WeComProtocol.JSON.createObjectNode();
        init.put("type", type);
        init.put("filename", fileName);
        init.put("total_size", data.length);
        init.put("total_chunks", chunks);
        init.put("md5", md5);
        JsonNode initAck = call(WeComProtocol.UPLOAD_INIT, WeComProtocol.newReqId(WeComProtocol.UPLOAD_INIT), init, false);
        String uploadId = initAck.path("body").path("upload_id").asText("");
        if (uploadId.isEmpty()) {
            throw new ChannelException("WeCom accepted the upload but gave no upload_id");
        }
        for (int i = 0; i < chunks; i++) {
            int from = i * WeComProtocol.UPLOAD_CHUNK_BYTES;
            int to = Math.min(data.length, from + WeComProtocol.UPLOAD_CHUNK_BYTES);
            ObjectNode chunk = WeComProtocol.JSON.createObjectNode();
            chunk.put("upload_id", uploadId);
            chunk.put("chunk_index", i);
            chunk.put("base64_data", Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(data, from, to)));
            sendChunk(chunk, i, chunks);
        }
        ObjectNode finish = WeComProtocol.JSON.createObjectNode();
        finish.put("upload_id", uploadId);
        JsonNode finishAck = call(WeComProtocol.UPLOAD_FINISH, WeComProtocol.newReqId(WeComProtocol.UPLOAD_FINISH), finish, false);
        String mediaId = finishAck.path("body").path("media_id").asText("");
        if (mediaId.isEmpty()) {
            throw new ChannelException("WeCom finished the upload but gave no media_id");
        }
        return mediaId;
    }

    private void sendChunk(ObjectNode chunk, int index, int total) throws ChannelException {
        for (int attempt = 0; ; attempt++) {
            try {
                call(WeComProtocol.UPLOAD_CHUNK, WeComProtocol.newReqId(WeComProtocol.UPLOAD_CHUNK), chunk, false);
                return;
            } catch (ConnectionLostException e) {
                throw e;
            } catch (ChannelException e) {
                if (attempt >= CHUNK_RETRIES) {
                    throw new ChannelException("chunk " + (index + 1) + " of " + total + " of the upload failed: "
                            + e.getMessage(), e);
                }
                log.info("upload chunk {}/{} failed ({}); retrying", index + 1, total, e.getMessage());
            }
        }
    }

    /** Replies on the message's req_id; if WeCom closed that window, pushes to the chat instead. */
    private void respond(WeComReplyHandle handle, ObjectNode body, ObjectNode pushBody) throws ChannelException {
        try {
            call(WeComProtocol.RESPOND_MSG, handle.reqId(), body, true);
        } catch (WeComAckException e) {
            if (!WeComErrors.isReplyWindowClosed(e.errcode())) {
                throw e;
            }
            log.info("reply window closed ({}); pushing the reply to the chat instead", e.errcode());
            pushBody.put("chatid", handle.chatId());
            call(WeComProtocol.SEND_MSG, WeComProtocol.newReqId(WeComProtocol.SEND_MSG), pushBody, true,
                    "push:" + handle.chatId());
        }
    }

    private JsonNode call(String cmd, String reqId, JsonNode body, boolean resendAfterDrop) throws ChannelException {
        return call(cmd, reqId, body, resendAfterDrop, reqId);
    }

    /**
     * Sends one frame and waits for its ack, holding the lane so frames on one key go one at a time.
     *
     * @param resendAfterDrop send the same frame again if the connection drops before the ack; otherwise throw
     *                        {@link ConnectionLostException} and let the caller start over
     */
    private JsonNode call(String cmd, String reqId, JsonNode body, boolean resendAfterDrop, String lane)
            throws ChannelException {
        long deadline = System.nanoTime() + config.replyDeadline().toNanos();
        String frame = WeComProtocol.write(WeComProtocol.frame(cmd, reqId, body));
        ReplyLanes.Permit permit;
        try {
            permit = lanes.enter(lane, deadline - System.nanoTime());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChannelException("interrupted while waiting to send to WeCom", e);
        }
        if (permit == null) {
            throw new ChannelException("gave up sending to WeCom: earlier replies to the same message were still waiting");
        }
        try (permit) {
            int resends = 0;
            while (true) {
                CompletableFuture<WeComConnection> connected = online.get();
                WeComConnection connection = awaitOnline(connected, deadline);
                JsonNode ack;
                try {
                    ack = connection.exchange(reqId, frame, config.ackTimeout());
                } catch (ConnectionLostException e) {
                    if (!e.wasSent()) {
                        // Already gone before anything went out. The control thread may not have noticed yet:
                        // retire its future ourselves so the next round waits instead of spinning.
                        online.compareAndSet(connected, new CompletableFuture<>());
                        continue;
                    }
                    if (!resendAfterDrop) {
                        throw e;
                    }
                    if (++resends > MAX_RESENDS) {
                        throw new ChannelException("the connection to WeCom dropped " + resends
                                + " times before the gateway confirmed the reply");
                    }
                    log.info("connection dropped before {} {} was acknowledged; sending it again after reconnecting", cmd, reqId);
                    continue;
                } catch (TimeoutException e) {
                    throw new ChannelException("WeCom did not confirm " + describe(cmd) + " within "
                            + seconds(config.ackTimeout()) + " s");
                }
                int errcode = ack.path("errcode").asInt(0);
                if (errcode != 0) {
                    throw new WeComAckException(errcode, ack.path("errmsg").asText(""), describe(cmd));
                }
                return ack;
            }
        }
    }

    private WeComConnection awaitOnline(CompletableFuture<WeComConnection> f, long deadline) throws ChannelException {
        long remaining = deadline - System.nanoTime();
        try {
            return f.get(Math.max(0, remaining), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return timeoutOnline();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChannelException("interrupted while waiting for the WeCom connection", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ChannelException ce) {
                throw new ChannelException(ce.getMessage(), ce);
            }
            throw new ChannelException("the WeCom connection failed: " + e.getCause(), e.getCause());
        }
    }

    private WeComConnection timeoutOnline() throws ChannelException {
        throw new ChannelException("no connection to WeCom for " + seconds(config.replyDeadline())
                + " s, so the reply was given up");
    }

    private static WeComReplyHandle handleOf(IncomingMessage to) throws ChannelException {
        if (to.replyHandle() instanceof WeComReplyHandle h) {
            return h;
        }
        throw new ChannelException("this message did not come from the WeCom channel, so it cannot be answered here");
    }

    // ---------------------------------------------------------------- connection life (control thread)

    private void connect() {
        if (state == State.ENDED) {
            return;
        }
        reconnectTask = null;
        connectionAttempts.incrementAndGet();
        WeComConnection c = new WeComConnection(config.url(), generation.incrementAndGet(), CONNECT_TIMEOUT_MS,
                new ConnectionEvents());
        current = c;
        state = State.CONNECTING;
        c.connect();
    }

    /** Called by the connection from its threads; every lifecycle step is moved onto the control thread. */
    private final class ConnectionEvents implements WeComConnection.Events {
        @Override
        public void opened(WeComConnection c) {
            onControl(() -> subscribe(c));
        }

        @Override
        public void subscribeAnswered(WeComConnection c, JsonNode ack) {
            onControl(() -> subscribed(c, ack));
        }

        @Override
        public void callback(WeComConnection c, JsonNode frame) {
            onCallback(c, frame);
        }

        @Override
        public void closed(WeComConnection c, int code, String reason) {
            onControl(() -> connectionClosed(c, code, reason));
        }
    }

    private void onControl(Runnable task) {
        try {
            control.execute(task);
        } catch (RejectedExecutionException e) {
            // stopped
        }
    }

    private void subscribe(WeComConnection c) {
        if (c != current || state == State.ENDED) {
            c.close(1000, "superseded");
            return;
        }
        ObjectNode body = WeComProtocol.JSON.createObjectNode();
        body.put("bot_id", config.botId());
        body.put("secret", config.secret());
        c.sendSubscribe(body);
        c.subscribeTimeout = control.schedule(() -> {
            if (c == current && !c.subscribed) {
                emit(new ChannelEvent.Status("WeCom did not answer the subscribe request within "
                        + seconds(config.subscribeTimeout()) + " s; reconnecting"));
                c.abort("no subscribe answer");
            }
        }, config.subscribeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void subscribed(WeComConnection c, JsonNode ack) {
        if (c != current || state == State.ENDED) {
            return;
        }
        if (c.subscribeTimeout != null) {
            c.subscribeTimeout.cancel(false);
        }
        int errcode = ack.path("errcode").asInt(0);
        String errmsg = ack.path("errmsg").asText("");
        if (errcode != 0) {
            subscribeRefusals++;
            String meaning = WeComErrors.meaning(errcode, errmsg);
            log.warn("WeCom refused the subscription: {}", meaning);
            if (WeComErrors.isCredentialError(errcode) || subscribeRefusals >= MAX_SUBSCRIBE_REFUSALS) {
                c.endWith = new ChannelEvent.LoggedOut(errcode, meaning, WeComErrors.advice(errcode), false);
            } else {
                emit(new ChannelEvent.Status(meaning + "; trying again"));
            }
            c.abort("subscribe refused");
            return;
        }
        subscribeRefusals = 0;
        c.subscribed = true;
        c.subscribedAtNanos = System.nanoTime();
        state = State.ONLINE;
        online.get().complete(c);
        long every = config.heartbeatInterval().toMillis();
        heartbeatTask = control.scheduleAtFixedRate(() -> heartbeat(c), every, every, TimeUnit.MILLISECONDS);
        log.info("subscribed to WeCom as bot {}", config.botId());
        emit(new ChannelEvent.LoggedIn(config.botId(), config.botId()));
    }

    private void heartbeat(WeComConnection c) {
        if (c != current || !c.subscribed) {
            return;
        }
        int missed = c.missedPings.get();
        if (missed >= config.maxMissedPings()) {
            log.warn("no heartbeat ack for {} pings; treating the connection as dead", missed);
            emit(new ChannelEvent.Status("WeCom stopped answering heartbeats; reconnecting"));
            c.abort("heartbeat timeout");
            return;
        }
        c.missedPings.incrementAndGet();
        c.sendPing();
    }

    private void connectionClosed(WeComConnection c, int code, String reason) {
        ChannelException lost = new ChannelException("the connection to WeCom was lost");
        c.failPending(lost);
        if (c != current) {
            return;
        }
        current = null;
        cancelTimers();
        CompletableFuture<WeComConnection> f = online.get();
        if (f.isDone() && !f.isCompletedExceptionally() && f.join() == c) {
            online.compareAndSet(f, new CompletableFuture<>());
        }
        if (state == State.ENDED) {
            return;
        }
        if (c.endWith != null) {
            end(c.endWith);
            return;
        }
        if (c.subscribed && System.nanoTime() - c.subscribedAtNanos >= config.stableAfter().toNanos()) {
            backoff.reset();
        }
        Duration delay = backoff.nextDelay();
        state = State.WAITING;
        String why = c.subscribed ? "connection to WeCom lost" : "could not connect to WeCom";
        String detail = reason == null || reason.isBlank() ? "code " + code : reason;
        log.info("{} ({}); reconnecting in {} ms", why, detail, delay.toMillis());
        emit(new ChannelEvent.Status(capitalise(why) + " (" + detail + "); reconnecting in "
                + String.format(java.util.Locale.ROOT, "%.1f", delay.toMillis() / 1000.0) + " s"));
        reconnectTask = control.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The session is over for good: tell the user why, fail waiting replies, never reconnect. */
    private void end(ChannelEvent.LoggedOut why) {
        state = State.ENDED;
        cancelTimers();
        online.set(CompletableFuture.failedFuture(new ChannelException(why.meaning())));
        emit(why);
    }

    private void cancelTimers() {
        if (heartbeatTask != null) {
            heartbeatTask.cancel(false);
            heartbeatTask = null;
        }
        if (reconnectTask != null) {
            reconnectTask.cancel(false);
            reconnectTask = null;
        }
    }

    // ---------------------------------------------------------------- callbacks (reader thread)

    private void onCallback(WeComConnection c, JsonNode frame) {
        String cmd = frame.path("cmd").asText("");
        String reqId = WeComProtocol.reqIdOf(frame);
        JsonNode body = frame.path("body");
        String msgId = body.path("msgid").asText("");
        if (!msgId.isEmpty() && !recentIds.firstTime(msgId)) {
            log.debug("duplicate callback {} dropped", msgId);
            return;
        }
        if (WeComProtocol.MSG_CALLBACK.equals(cmd)) {
            List<IncomingMessage> messages = parser.parse(reqId, body);
            for (IncomingMessage m : messages) {
                if (m.group() && groups.putIfAbsent(m.chatId(), new ChatGroup(m.chatId(), m.chatName(), -1)) == null) {
                    emit(new ChannelEvent.GroupsChanged(groups()));
                }
            }
            ChannelListener l = listener;
            for (IncomingMessage m : messages) {
                runOnDispatch(() -> l.onMessage(m));
            }
            return;
        }
        String eventType = body.path("event").path("eventtype").asText("");
        switch (eventType) {
            case "disconnected_event" -> onControl(() -> {
                if (c == current) {
                    c.endWith = new ChannelEvent.LoggedOut(0,
                            "another program connected with this Bot ID, so WeCom closed this connection",
                            "Only one program at a time can hold a bot's long connection: stop the other one "
                                    + "(another Halfday, or a test script), then start the bot again.", false);
                    c.abort("replaced by another connection");
                }
            });
            case "enter_chat" -> {
                String user = body.path("from").path("userid").asText("");
                emit(new ChannelEvent.Status(user + " opened a chat with the bot"));
                if (config.welcomeText() != null && !config.welcomeText().isBlank()) {
                    sendWelcome(reqId);
                }
            }
            default -> log.debug("event {} ignored", eventType);
        }
    }

    private void sendWelcome(String reqId) {
        ObjectNode body = WeComProtocol.JSON.createObjectNode();
        body.put("msgtype", "text");
        body.putObject("text").put("content", config.welcomeText());
        try {
            background.execute(() -> {
                try {
                    call(WeComProtocol.RESPOND_WELCOME, reqId, body, true);
                } catch (ChannelException e) {
                    log.info("welcome message not delivered: {}", e.getMessage());
                }
            });
        } catch (RejectedExecutionException ignored) {
            // stopped
        }
    }

    // ---------------------------------------------------------------- helpers

    private void emit(ChannelEvent event) {
        ChannelListener l = listener;
        if (l != null) {
            runOnDispatch(() -> l.onEvent(event));
        }
    }

    private void runOnDispatch(Runnable r) {
        try {
            dispatch.execute(() -> {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    log.warn("the bot's listener failed: {}", e.toString(), e);
                }
            });
        } catch (RejectedExecutionException ignored) {
            // stopped
        }
    }

    private static String describe(String cmd) {
        return switch (cmd) {
            case WeComProtocol.RESPOND_MSG -> "the reply";
            case WeComProtocol.RESPOND_WELCOME -> "the welcome message";
            case WeComProtocol.SEND_MSG -> "the pushed message";
            case WeComProtocol.UPLOAD_INIT, WeComProtocol.UPLOAD_CHUNK, WeComProtocol.UPLOAD_FINISH -> "the upload";
            default -> cmd;
        };
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f", d.toMillis() / 1000.0).replace(".0", "");
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static String truncateUtf8(String text, int maxBytes) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return text;
        }
        int end = maxBytes;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--; // don't cut a multi-byte character
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    private static byte[] md5(byte[] data) {
        try {
            return MessageDigest.getInstance("MD5").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is always available", e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
