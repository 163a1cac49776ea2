package dev.halfday.engine.bot.wechat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.halfday.engine.bot.Backoff;
import dev.halfday.engine.bot.Channel;
import dev.halfday.engine.bot.ChannelEvent;
import dev.halfday.engine.bot.ChannelException;
import dev.halfday.engine.bot.ChannelListener;
import dev.halfday.engine.bot.ChatGroup;
import dev.halfday.engine.bot.IncomingMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Personal WeChat over the web protocol (WECHAT_PROTOCOL.md), in desktop (UOS) mode by default.
 *
 * <p>One thread per channel runs the session: resume the saved session if it is still valid, else log in with a
 * QR code; then init, contacts, and the synccheck/webwxsync loop. Network failures and malformed replies become
 * {@link ChannelEvent.Status} events and retries with exponential backoff; a session the server ends becomes
 * {@link ChannelEvent.LoggedOut} with the code in words. Only a kick (1102) is retried by itself, with a growing
 * pause, since a new login after "logged out on the phone" or "logged in elsewhere" would fight the user.
 *
 * <p>{@link #stop()} keeps the session (and its file) alive so a restart needs no scan; {@link #logout()} ends it.
 */
public final class WebWeChatChannel implements Channel {

    private static final Logger log = LoggerFactory.getLogger(WebWeChatChannel.class);
    /** A QR code is valid for a few minutes; the server tells us when it expires, this is only for display. */
    private static final Duration QR_LIFETIME = Duration.ofMinutes(4);
    /** A session that lived this long was healthy: the next kick starts the backoff from the beginning. */
    private static final Duration HEALTHY_SESSION = Duration.ofMinutes(10);
    private static final Duration SAVE_EVERY = Duration.ofSeconds(30);

    private final WebWeChatConfig config;
    private final AtomicBoolean started = new AtomicBoolean();
    private final Object sleeper = new Object();
    private volatile boolean running;
    private volatile Thread thread;
    private volatile ChannelListener listener;
    private volatile WeChatHttp http;
    private volatile WeChatApi api;
    private volatile SessionState session;
    private volatile ContactBook book = new ContactBook();
    private final java.util.Set<String> refetchedSenders = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** How a session ended. */
    private record Ended(int code) {
    }

    public WebWeChatChannel(WebWeChatConfig config) {
        this.config = config;
    }

    @Override
    public String id() {
        return "web-wechat";
    }

    public WebWeChatConfig config() {
        return config;
    }

    @Override
    public void start(ChannelListener listener) {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("the web WeChat channel is already started");
        }
        this.listener = listener;
        running = true;
        Thread t = new Thread(this::run, "web-wechat");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            synchronized (sleeper) {
                sleeper.notifyAll();
            }
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        saveSession();
        session = null;
        thread = null;
        started.set(false);
    }

    /** Ends the web session on the server and forgets the session file; then stops. */
    public void logout() {
        SessionState s = session;
        WeChatApi a = api;
        running = false;
        if (s != null && a != null) {
            try {
                a.logout(s);
            } catch (IOException e) {
                log.warn("logout request failed: {}", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        session = null;
        if (config.sessionFile() != null) {
            SessionFile.delete(config.sessionFile());
        }
        stop();
    }

    /** True while logged in. */
    public boolean loggedIn() {
        return session != null;
    }

    @Override
    public List<ChatGroup> groups() {
        return book.groups();
    }

    @Override
    public void replyText(IncomingMessage to, String text) throws ChannelException {
        SessionState s = requireSession();
        try {
            api.sendText(s, to.chatId(), text);
        } catch (IOException e) {
            throw new ChannelException("could not send the text to " + to.chatName() + ": " + e.getMessage(), e);
        } catch (SessionEndedException e) {
            throw new ChannelException("could not send the text: WeChat ended the session (code " + e.code() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChannelException("interrupted while sending", e);
        }
    }

    @Override
    public void replyImage(IncomingMessage to, byte[] png) throws ChannelException {
        SessionState s = requireSession();
        try {
            // Our own file name: nothing from the network decides names or paths.
            String mediaId = api.upload(s, to.chatId(), png, "halfday-" + System.currentTimeMillis() + ".png", "image/png");
            api.sendImage(s, to.chatId(), mediaId);
        } catch (IOException e) {
            throw new ChannelException("could not send the image to " + to.chatName() + ": " + e.getMessage(), e);
        } catch (SessionEndedException e) {
            throw new ChannelException("could not send the image: WeChat ended the session (code " + e.code() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChannelException("interrupted while sending", e);
        }
    }

    private SessionState requireSession() throws ChannelException {
        SessionState s = session;
        if (s == null || api == null) {
            throw new ChannelException("not logged in to WeChat");
        }
        return s;
    }

    // ---- the session thread ----

    private void run() {
        Backoff sessionBackoff = new Backoff(config.sessionRetryInitial(), config.sessionRetryMax());
        try {
            while (running) {
                long startedAt = System.nanoTime();
                Ended ended = runOneSession();
                session = null;
                if (ended == null || !running) {
                    return;
                }
                if (Duration.ofNanos(System.nanoTime() - startedAt).compareTo(HEALTHY_SESSION) > 0) {
                    sessionBackoff.reset();
                }
                ChannelEvent.LoggedOut out = WeChatCodes.sessionEnded(ended.code());
                if (!out.willRetry()) {
                    if (ended.code() == WeChatCodes.LOGGED_OUT && config.sessionFile() != null) {
                        SessionFile.delete(config.sessionFile());
                    }
                    emit(out);
                    return;
                }
                Duration pause = sessionBackoff.next();
                emit(new ChannelEvent.LoggedOut(out.code(), out.meaning(),
                        out.advice() + " Next attempt in " + seconds(pause) + ".", true));
                if (!sleep(pause)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            // stop() interrupts us: fall through and end.
        } catch (RuntimeException e) {
            log.error("web WeChat session thread failed", e);
            emit(new ChannelEvent.LoggedOut(0, "internal error in the web WeChat channel: " + e,
                    "Start the bot again; please report this if it repeats.", false));
        } finally {
            session = null;
        }
    }

    /** One session from login to its end; null when stopped or when a final event was already sent. */
    private Ended runOneSession() throws InterruptedException {
        http = new WeChatHttp(config);
        api = new WeChatApi(config, http);
        book = new ContactBook();
        SessionState s = tryRestore();
        if (s == null) {
            s = qrLogin();
            if (s == null) {
                return null;
            }
            Ended failed = initWithRetry(s);
            if (failed != null || !running) {
                return failed;
            }
        }
        session = s;
        saveSession();
        emit(new ChannelEvent.LoggedIn(s.selfId, s.selfName));
        loadContacts(s);
        return syncLoop(s);
    }

    private SessionState tryRestore() throws InterruptedException {
        if (config.sessionFile() == null || !Files.exists(config.sessionFile())) {
            return null;
        }
        SessionFile saved = SessionFile.load(config.sessionFile());
        if (saved == null) {
            return null;
        }
        http.restoreCookies(saved.cookies());
        SessionState s = SessionState.fromFile(saved);
        try {
            WeChatApi.Init init = api.init(s);
            init.contacts().forEach(book::add);
            api.statusNotify(s);
            emit(new ChannelEvent.Status("Resumed the saved session of " + s.selfName + " without a new scan."));
            return s;
        } catch (SessionEndedException e) {
            SessionFile.delete(config.sessionFile());
            emit(new ChannelEvent.Status("The saved session has expired (code " + e.code() + "); scan the QR code to log in again."));
        } catch (IOException e) {
            emit(new ChannelEvent.Status("Could not resume the saved session (" + e.getMessage() + "); logging in with a QR code."));
        }
        // Start the QR login with a clean cookie jar.
        http = new WeChatHttp(config);
        api = new WeChatApi(config, http);
        book = new ContactBook();
        return null;
    }

    private SessionState qrLogin() throws InterruptedException {
        WeChatLogin login = new WeChatLogin(config, http);
        Backoff net = new Backoff(config.retryInitial(), config.retryMax());
        int expired = 0;
        while (running) {
            String uuid;
            try {
                uuid = login.newUuid();
                net.reset();
            } catch (IOException e) {
                if (!retryAfter(net, "Cannot get a login QR code: " + e.getMessage())) {
                    return null;
                }
                continue;
            }
            emit(new ChannelEvent.QrCode(login.qrContent(uuid), Instant.now().plus(QR_LIFETIME)));
            boolean first = true;
            boolean scanned = false;
            while (running) {
                long t0 = System.nanoTime();
                WeChatLogin.Poll p;
                try {
                    p = login.poll(uuid, first);
                    net.reset();
                } catch (IOException e) {
                    if (!retryAfter(net, "Waiting for the scan failed: " + e.getMessage())) {
                        return null;
                    }
                    continue;
                }
                first = false;
                if (p.code() == 408) {
                    pace(t0);
                } else if (p.code() == 201) {
                    if (!scanned) {
                        scanned = true;
                        emit(new ChannelEvent.Scanned());
                    }
                    pace(t0);
                } else if (p.code() == 200) {
                    try {
                        return login.loginPage(p.redirectUri());
                    } catch (LoginRefusedException e) {
                        emit(WeChatCodes.loginRefused(e.ret(), e.serverMessage()));
                        return null;
                    } catch (IOException e) {
                        if (!retryAfter(net, "The login page failed: " + e.getMessage() + "; a new QR code follows")) {
                            return null;
                        }
                        break;
                    }
                } else {
                    expired++;
                    if (expired >= config.maxQrRefreshes()) {
                        emit(new ChannelEvent.LoggedOut(p.code(), "nobody scanned the QR code: " + expired + " codes expired in a row",
                                "Start the bot again when you have your phone at hand.", false));
                        return null;
                    }
                    emit(new ChannelEvent.Status("The QR code expired (code " + p.code() + "); here is a new one."));
                    break;
                }
            }
        }
        return null;
    }

    /** init + status notify, retried on network failures; returns how the session ended if the server refused. */
    private Ended initWithRetry(SessionState s) throws InterruptedException {
        Backoff net = new Backoff(config.retryInitial(), config.retryMax());
        while (running) {
            try {
                WeChatApi.Init init = api.init(s);
                init.contacts().forEach(book::add);
                api.statusNotify(s);
                return null;
            } catch (SessionEndedException e) {
                return new Ended(e.code());
            } catch (IOException e) {
                if (!retryAfter(net, "Starting the session failed: " + e.getMessage())) {
                    return null;
                }
            }
        }
        return null;
    }

    private void loadContacts(SessionState s) throws InterruptedException {
        try {
            api.contacts(s).forEach(book::add);
            List<String> needMembers = new ArrayList<>();
            for (ChatGroup g : book.groups()) {
                if (!book.knowsMembers(g.id())) {
                    needMembers.add(g.id());
                }
            }
            if (!needMembers.isEmpty()) {
                api.batchGetContacts(s, needMembers).forEach(book::add);
            }
        } catch (IOException e) {
            emit(new ChannelEvent.Status("Could not load all contacts (" + e.getMessage() + "); groups appear as they post."));
        } catch (SessionEndedException e) {
            // The sync loop will see the same and report it.
            log.debug("session ended while loading contacts: {}", e.code());
        }
        emit(new ChannelEvent.GroupsChanged(book.groups()));
    }

    private Ended syncLoop(SessionState s) throws InterruptedException {
        Backoff net = new Backoff(config.retryInitial(), config.retryMax());
        int quickEmpty = 0;
        long lastSave = System.nanoTime();
        while (running) {
            try {
                long t0 = System.nanoTime();
                WeChatApi.SyncCheck check = api.syncCheck(s);
                if (check.retcode() != 0) {
                    if (WeChatCodes.endsSession(check.retcode())) {
                        return new Ended(check.retcode());
                    }
                    throw new WeChatHttpException(0, "synccheck answered an unknown retcode " + check.retcode());
                }
                boolean gotSomething = false;
                if (check.selector() != 0) {
                    WeChatApi.Sync sync = api.sync(s);
                    gotSomething = !sync.messages().isEmpty() || !sync.modifiedContacts().isEmpty();
                    handle(s, sync);
                }
                net.reset();
                // A server that answers at once with nothing, again and again, must not spin us.
                if (!gotSomething && System.nanoTime() - t0 < 200_000_000L) {
                    if (++quickEmpty >= 3 && !sleep(net.next())) {
                        return null;
                    }
                } else {
                    quickEmpty = 0;
                }
                if (System.nanoTime() - lastSave > SAVE_EVERY.toNanos()) {
                    saveSession();
                    lastSave = System.nanoTime();
                }
            } catch (SessionEndedException e) {
                return new Ended(e.code());
            } catch (IOException e) {
                if (!retryAfter(net, "Receiving messages failed: " + e.getMessage())) {
                    return null;
                }
            }
        }
        return null;
    }

    private void handle(SessionState s, WeChatApi.Sync sync) throws InterruptedException {
        boolean groupsChanged = false;
        for (JsonNode c : sync.modifiedContacts()) {
            book.add(c);
            groupsChanged |= ContactBook.isGroup(c.path("UserName").asText(""));
        }
        for (JsonNode m : sync.messages()) {
            String from = m.path("FromUserName").asText("");
            String to = m.path("ToUserName").asText("");
            String chat = from.equals(s.selfId) ? to : from;
            if (ContactBook.isGroup(chat) && !book.knowsMembers(chat)) {
                groupsChanged |= learnGroup(s, chat);
            }
            String msgId = m.path("MsgId").asText("");
            IncomingMessage msg = MessageParser.parse(m, s, book, maxBytes -> fetchImage(s, msgId, maxBytes));
            if (msg != null && msg.group() && !msg.fromSelf() && msg.senderName().equals(msg.senderId())
                    && refetchedSenders.add(chat + "\n" + msg.senderId()) && learnGroup(s, chat)) {
                // Someone who joined after we loaded the members: fetch the group again, once per new member.
                groupsChanged = true;
                msg = MessageParser.parse(m, s, book, maxBytes -> fetchImage(s, msgId, maxBytes));
            }
            if (msg != null) {
                ChannelListener l = listener;
                try {
                    l.onMessage(msg);
                } catch (RuntimeException e) {
                    log.warn("message listener failed", e);
                }
            }
        }
        if (groupsChanged) {
            emit(new ChannelEvent.GroupsChanged(book.groups()));
        }
    }

    private boolean learnGroup(SessionState s, String groupId) throws InterruptedException {
        try {
            api.batchGetContacts(s, List.of(groupId)).forEach(book::add);
            return true;
        } catch (IOException | SessionEndedException e) {
            log.debug("could not fetch group {}: {}", groupId, e.getMessage());
            return false;
        }
    }

    private byte[] fetchImage(SessionState s, String msgId, long maxBytes) throws IOException {
        try {
            return api.image(s, msgId, maxBytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while downloading the image");
        }
    }

    // ---- helpers ----

    private boolean retryAfter(Backoff backoff, String what) throws InterruptedException {
        Duration pause = backoff.next();
        emit(new ChannelEvent.Status(what + " — retrying in " + seconds(pause) + "."));
        return sleep(pause);
    }

    /** Waits so that login polls are at least minLoginPollInterval apart. */
    private void pace(long startNanos) throws InterruptedException {
        long left = config.minLoginPollInterval().toNanos() - (System.nanoTime() - startNanos);
        if (left > 0) {
            sleep(Duration.ofNanos(left));
        }
    }

    /** Sleeps unless stopped; false if the channel was stopped. */
    private boolean sleep(Duration d) throws InterruptedException {
        long end = System.nanoTime() + d.toNanos();
        synchronized (sleeper) {
            while (running) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                sleeper.wait(Math.max(1, left / 1_000_000));
            }
        }
        return running;
    }

    private void saveSession() {
        SessionState s = session;
        WeChatHttp h = http;
        if (s == null || h == null || config.sessionFile() == null) {
            return;
        }
        try {
            SessionFile.save(config.sessionFile(), s.toFile(h));
        } catch (IOException e) {
            emit(new ChannelEvent.Status("Could not save the session file " + config.sessionFile() + ": " + e.getMessage()));
        }
    }

    private void emit(ChannelEvent event) {
        ChannelListener l = listener;
        if (l == null) {
            return;
        }
        try {
            l.onEvent(event);
        } catch (RuntimeException e) {
            log.warn("channel listener failed on {}", event, e);
        }
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms < 10_000 ? String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0) : (ms / 1000) + " s";
    }
}
