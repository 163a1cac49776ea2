package dev.halfday.engine.bot.wechat.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.halfday.engine.bot.QrCodes;
import dev.halfday.engine.bot.wechat.WeChatProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A web-WeChat server on loopback for tests, the benchmark and the app's demo mode: the endpoints of
 * WECHAT_PROTOCOL.md with realistic replies (408/201/200 login polling, the login-page XML and cookies,
 * desktop-mode header checks, long-poll synccheck, webwxsync with AddMsgList and both sync keys, paged contacts,
 * batch group members, image download, chunked upload reassembly, send endpoints that record what was sent),
 * faults on demand, and a programmatic API to play the phone and the other group members.
 *
 * <p>It also checks the client: anything a real server would reject or a real client would never do (stale sync
 * keys, missing desktop headers, more than 50 groups per batch, \\u-escaped text, bad chunk sizes) is recorded in
 * {@link #violations()}.
 *
 * <p>A small control API under {@code /_sim/} lets a person drive it with curl when run alone
 * ({@code bin/halfday wechat-sim}).
 */
public final class WeChatSimulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WeChatSimulator.class);
    private static final String CGI = WeChatProtocol.CGI;
    private static final int MAX_SYNC_BATCH = 50;

    static {
        // The JDK server writes headers and body separately; with Nagle on, every reply waits for the client's
        // delayed ACK (~40 ms on Linux). Real WeChat servers answer at once. Read once, when HttpServer loads.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService pool;
    private final SimWorld world = new SimWorld();
    private final SimFaults faults = new SimFaults();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final List<Consumer<SentMessage>> sentListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> loginListeners = new CopyOnWriteArrayList<>();
    private final String base;
    private volatile boolean closed;

    private volatile Duration qrLifetime = Duration.ofMinutes(4);
    private volatile Duration loginHold = Duration.ofSeconds(5);
    private volatile Duration syncHold = Duration.ofSeconds(25);
    private volatile Duration autoConfirmAfter;
    private volatile Duration kickAfterLogin;
    private volatile boolean refuseLogin;
    private volatile boolean allowPlainWebLogin;
    private volatile boolean loginPage301;
    private volatile String redirectBase;
    private volatile int contactPageSize = 20;

    private WeChatSimulator(HttpServer server, ExecutorService pool) {
        this.server = server;
        this.pool = pool;
        InetSocketAddress a = server.getAddress();
        this.base = "http://" + a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    /** Starts a simulator on 127.0.0.1 ({@code port} 0 picks a free port). */
    public static WeChatSimulator start(int port) throws IOException {
        return start(InetAddress.getLoopbackAddress(), port);
    }

    public static WeChatSimulator start(InetAddress bind, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 64);
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "wechat-sim-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        WeChatSimulator sim = new WeChatSimulator(server, pool);
        server.createContext("/", sim::route);
        server.setExecutor(pool);
        server.start();
        return sim;
    }

    /** The base URL to give the client ({@code --wechat-base}). */
    public URI baseUrl() {
        return URI.create(base);
    }

    @Override
    public void close() {
        closed = true;
        world.changed();
        server.stop(0);
        pool.shutdownNow();
    }

    // ---------------------------------------------------------------- the world

    /** The bot account's nickname (how members @-mention it). */
    public WeChatSimulator selfName(String name) {
        synchronized (world) {
            world.selfName = name;
        }
        return this;
    }

    public String selfName() {
        synchronized (world) {
            return world.selfName;
        }
    }

    public String selfId() {
        return world.selfId;
    }

    /** Adds a group saved to the contact list; the bot's account is a member. */
    public SimGroup addGroup(String name, String... memberNames) {
        return addGroup(name, true, memberNames);
    }

    /** Adds a group; an unsaved one is not in the contact list and is learned when it posts. */
    public SimGroup addGroup(String name, boolean saved, String... memberNames) {
        synchronized (world) {
            List<SimGroup.Member> members = new ArrayList<>();
            members.add(new SimGroup.Member(world.selfId, world.selfName, ""));
            for (String m : memberNames) {
                members.add(new SimGroup.Member("@" + SimWorld.hex(32), m, ""));
            }
            SimGroup g = new SimGroup("@@" + SimWorld.hex(64), name, members, saved);
            world.groups.put(g.id(), g);
            return g;
        }
    }

    /** Adds a friend (for private chats). */
    public String addFriend(String name) {
        synchronized (world) {
            String id = "@" + SimWorld.hex(32);
            world.friends.put(id, name);
            return id;
        }
    }

    public List<SimGroup> groups() {
        synchronized (world) {
            return List.copyOf(world.groups.values());
        }
    }

    /** Three demo groups with a few members each, for the app's demo mode and {@code wechat-sim}. */
    public WeChatSimulator seedDemo() {
        addGroup("Family", "Mum", "Dad", "Lily");
        addGroup("Cat lovers", "Alice", "Bob", "Chen");
        addGroup("Work", "Dana", "Eve");
        addFriend("Alice");
        return this;
    }

    /** Posts an image into a group as a member (added to the group if new). Returns the MsgId. */
    public String postImage(String groupName, String senderName, byte[] bytes) {
        return post(groupName, senderName, 3, imageContent(bytes), bytes);
    }

    /** Posts text into a group as a member. */
    public String postText(String groupName, String senderName, String text) {
        return post(groupName, senderName, 1, escape(text), null);
    }

    /** Text that @-mentions the bot the way WeChat writes it: "@Name" + U+2005 + text. */
    public String mention(String text) {
        return "@" + selfName() + WeChatProtocol.MENTION_SPACE + text;
    }

    /** A friend sends the bot an image in a private chat. */
    public String postPrivateImage(String friendName, byte[] bytes) {
        synchronized (world) {
            String id = world.friends.entrySet().stream().filter(e -> e.getValue().equals(friendName))
                    .map(Map.Entry::getKey).findFirst().orElseGet(() -> addFriend(friendName));
            String msgId = world.nextMsgId();
            world.images.put(msgId, bytes);
            world.append(message(msgId, id, world.selfId, 3, imageContent(bytes), bytes));
            return msgId;
        }
    }

    private String post(String groupName, String senderName, int type, String content, byte[] image) {
        synchronized (world) {
            SimGroup g = world.groupByName(groupName);
            if (g == null) {
                throw new IllegalArgumentException("no group named " + groupName);
            }
            SimGroup.Member sender = g.members().stream().filter(m -> m.nickName().equals(senderName)).findFirst()
                    .orElse(null);
            if (sender == null) {
                sender = new SimGroup.Member("@" + SimWorld.hex(32), senderName, "");
                List<SimGroup.Member> members = new ArrayList<>(g.members());
                members.add(sender);
                g = new SimGroup(g.id(), g.name(), members, g.saved());
                world.groups.put(g.id(), g);
            }
            String msgId = world.nextMsgId();
            if (image != null) {
                world.images.put(msgId, image);
            }
            world.append(message(msgId, g.id(), world.selfId, type, sender.id() + ":<br/>" + content, image));
            return msgId;
        }
    }

    private ObjectNode message(String msgId, String from, String to, int type, String content, byte[] image) {
        ObjectNode m = SimExchange.JSON.createObjectNode();
        m.put("MsgId", msgId);
        m.put("FromUserName", from);
        m.put("ToUserName", to);
        m.put("MsgType", type);
        m.put("Content", content);
        m.put("Status", 3);
        m.put("ImgStatus", image != null ? 2 : 1);
        m.put("CreateTime", System.currentTimeMillis() / 1000);
        m.put("VoiceLength", 0);
        m.put("PlayLength", 0);
        m.put("FileName", "");
        m.put("FileSize", "");
        m.put("MediaId", "");
        m.put("Url", "");
        m.put("AppMsgType", 0);
        m.put("StatusNotifyCode", 0);
        m.put("StatusNotifyUserName", "");
        int[] size = image == null ? new int[]{0, 0} : imageSize(image);
        m.put("ImgWidth", size[0]);
        m.put("ImgHeight", size[1]);
        m.put("ForwardFlag", 0);
        m.put("HasProductId", 0);
        m.put("Ticket", "");
        m.put("NewMsgId", Long.parseLong(msgId));
        m.put("EncryFileName", "");
        // The simulator's own receive time, for end-to-end latency ("image available at the server").
        m.put("_availableNanos", System.nanoTime());
        return m;
    }

    private static String imageContent(byte[] bytes) {
        int[] size = imageSize(bytes);
        String xml = "<?xml version=\"1.0\"?>\n<msg>\n\t<img aeskey=\"" + SimWorld.hex(32) + "\" encryver=\"1\" "
                + "cdnthumbaeskey=\"" + SimWorld.hex(32) + "\" cdnthumburl=\"" + SimWorld.hex(64) + "\" "
                + "cdnthumblength=\"4096\" cdnthumbheight=\"" + Math.min(120, size[1]) + "\" cdnthumbwidth=\""
                + Math.min(120, size[0]) + "\" cdnmidheight=\"0\" cdnmidwidth=\"0\" cdnhdheight=\"0\" cdnhdwidth=\"0\" "
                + "cdnmidimgurl=\"" + SimWorld.hex(64) + "\" length=\"" + bytes.length + "\" md5=\"" + md5(bytes)
                + "\" />\n</msg>\n";
        return escape(xml).replace("\n", "<br/>");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Width and height from the header without decoding pixels; 0×0 when unreadable. */
    private static int[] imageSize(byte[] bytes) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = in == null ? java.util.Collections.emptyIterator() : ImageIO.getImageReaders(in);
            if (readers.hasNext()) {
                ImageReader r = readers.next();
                try {
                    r.setInput(in);
                    return new int[]{r.getWidth(0), r.getHeight(0)};
                } finally {
                    r.dispose();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not an image: 0×0 like a broken upload
        }
        return new int[]{0, 0};
    }

    // ---------------------------------------------------------------- playing the phone

    /** The uuid of the most recent QR login, or null. */
    public String currentUuid() {
        synchronized (world) {
            return world.latestUuid;
        }
    }

    /** Waits until a client has asked for a QR code and is polling; returns its uuid. */
    public String awaitQr(Duration timeout) throws TimeoutException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (world) {
            while (world.latestUuid == null || world.logins.get(world.latestUuid).state != SimWorld.LoginState.WAITING) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("no client asked for a QR code within " + timeout);
                }
                world.wait(Math.max(1, left / 1_000_000));
            }
            return world.latestUuid;
        }
    }

    /** The phone scans the current QR code (the client sees 201). Returns false if there is none waiting. */
    public boolean scan() {
        synchronized (world) {
            SimWorld.Login l = world.latestUuid == null ? null : world.logins.get(world.latestUuid);
            if (l == null || l.state != SimWorld.LoginState.WAITING) {
                return false;
            }
            l.state = SimWorld.LoginState.SCANNED;
            l.scannedNanos = System.nanoTime();
            world.changed();
            return true;
        }
    }

    /** The user confirms on the phone (the client sees 200). Returns false if nothing was scanned. */
    public boolean confirm() {
        synchronized (world) {
            SimWorld.Login l = world.latestUuid == null ? null : world.logins.get(world.latestUuid);
            if (l == null || l.state != SimWorld.LoginState.SCANNED) {
                return false;
            }
            l.state = SimWorld.LoginState.CONFIRMED;
            l.ticket = SimWorld.token(24);
            world.changed();
            return true;
        }
    }

    public boolean scanAndConfirm() {
        return scan() && confirm();
    }

    /** Scan and confirm every QR code by themselves this long after it was shown (null: never). */
    public WeChatSimulator autoConfirm(Duration after) {
        this.autoConfirmAfter = after;
        world.changed();
        return this;
    }

    /** Called whenever a client completes a login (the login page handed out a session). */
    public void onLogin(Runnable listener) {
        loginListeners.add(listener);
    }

    // ---------------------------------------------------------------- observing the client

    public List<SentMessage> sent() {
        synchronized (world) {
            return List.copyOf(world.sent);
        }
    }

    public List<SentMessage> sentTo(String groupName) {
        synchronized (world) {
            SimGroup g = world.groupByName(groupName);
            String id = g == null ? "" : g.id();
            return world.sent.stream().filter(m -> m.toId().equals(id)).toList();
        }
    }

    /** Waits until at least {@code count} sent messages match; returns them all. */
    public List<SentMessage> awaitSent(Predicate<SentMessage> filter, int count, Duration timeout)
            throws TimeoutException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (world) {
            while (true) {
                List<SentMessage> match = world.sent.stream().filter(filter).toList();
                if (match.size() >= count) {
                    return match;
                }
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("only " + match.size() + " of " + count + " expected messages were sent within "
                            + timeout + "; all sent: " + world.sent);
                }
                world.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** Called on the server thread for every message the client sends. */
    public void onSent(Consumer<SentMessage> listener) {
        sentListeners.add(listener);
    }

    /** When a posted message became available to the client, as {@link System#nanoTime()}; -1 if unknown. */
    public long availableNanos(String msgId) {
        synchronized (world) {
            for (ObjectNode m : world.log) {
                if (m.path("MsgId").asText().equals(msgId)) {
                    return m.path("_availableNanos").asLong(-1);
                }
            }
            return -1;
        }
    }

    /** Requests seen per endpoint name ("synccheck", "webwxsync", "login", "jslogin", ...). */
    public int requestCount(String endpoint) {
        AtomicInteger n = counts.get(endpoint);
        return n == null ? 0 : n.get();
    }

    public int totalRequests() {
        return counts.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    public Map<String, Integer> requestCounts() {
        Map<String, Integer> out = new LinkedHashMap<>();
        counts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Things the client did that a real server would reject or a real client never does. */
    public List<String> violations() {
        synchronized (world) {
            return List.copyOf(world.violations);
        }
    }

    public int activeSessions() {
        synchronized (world) {
            return (int) world.sessions.values().stream().filter(SimWorld.Session::valid).count();
        }
    }

    public int completedLogins() {
        synchronized (world) {
            return world.sessions.size();
        }
    }

    // ---------------------------------------------------------------- faults and settings

    public SimFaults faults() {
        return faults;
    }

    /** Ends every live session with this synccheck retcode (1100, 1101 or 1102) at its next synccheck. */
    public void kick(int retcode) {
        synchronized (world) {
            world.sessions.values().stream().filter(SimWorld.Session::valid).forEach(s -> s.endCode = retcode);
            world.changed();
        }
    }

    /** Sessions expire: the next call of each answers 1101. */
    public void expireSessions() {
        kick(1101);
    }

    /** Every new session is kicked (1102) this long after login, as reported since 2025 (null: never). */
    public WeChatSimulator kickAfterLogin(Duration after) {
        this.kickAfterLogin = after;
        return this;
    }

    /** The login page refuses this account with ret 1203. */
    public WeChatSimulator refuseLogin(boolean refuse) {
        this.refuseLogin = refuse;
        return this;
    }

    /** Allow logins without desktop (UOS) mode; off by default, as for most accounts since 2017. */
    public WeChatSimulator allowPlainWebLogin(boolean allow) {
        this.allowPlainWebLogin = allow;
        return this;
    }

    /** Answer the login page with HTTP 301 (the XML still in the body), as some clients have seen. */
    public WeChatSimulator loginPageAnswers301(boolean v) {
        this.loginPage301 = v;
        return this;
    }

    /** The login redirect points at this base (e.g. https://wx2.qq.com) instead of the simulator itself. */
    public WeChatSimulator redirectBase(String v) {
        this.redirectBase = v;
        return this;
    }

    public WeChatSimulator qrLifetime(Duration v) {
        this.qrLifetime = v;
        return this;
    }

    /** How long a login poll is held before answering 408. */
    public WeChatSimulator loginHold(Duration v) {
        this.loginHold = v;
        return this;
    }

    /** How long synccheck is held when nothing happens. */
    public WeChatSimulator syncHold(Duration v) {
        this.syncHold = v;
        return this;
    }

    public WeChatSimulator contactPageSize(int v) {
        this.contactPageSize = Math.max(1, v);
        return this;
    }

    // ---------------------------------------------------------------- HTTP

    private void route(HttpExchange http) {
        String path = http.getRequestURI().getPath();
        String endpoint;
        if (path.equals("/jslogin")) {
            endpoint = "jslogin";
        } else if (path.startsWith("/qrcode/")) {
            endpoint = "qrcode";
        } else if (path.startsWith(CGI + "/")) {
            endpoint = path.substring(CGI.length() + 1);
        } else if (path.startsWith("/_sim/")) {
            endpoint = "_sim";
        } else {
            endpoint = "?";
        }
        counts.computeIfAbsent(endpoint, k -> new AtomicInteger()).incrementAndGet();
        SimExchange ex = new SimExchange(http, endpoint);
        try {
            Duration delay = faults.delay(endpoint);
            if (delay != null) {
                Thread.sleep(delay.toMillis());
            }
            int fail = faults.takeFailure(endpoint);
            if (fail != 0) {
                ex.text(fail, "text/html", "<html><body><h1>" + fail + "</h1>simulated failure</body></html>");
                return;
            }
            int oversized = faults.takeOversized(endpoint);
            if (oversized > 0) {
                ex.chunked(200, "application/json", paddedJson(oversized));
                return;
            }
            if (faults.takeMalformed(endpoint)) {
                ex.text(200, "text/plain", "{\"BaseResponse\": {\"Ret\": 0, \"ErrMsg\": \"\"}, \"AddMsgCount\": 1, \"AddMsgList\": [{\"MsgId\":");
                return;
            }
            dispatch(ex, path);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            http.close();
        } catch (Exception e) {
            if (!closed) {
                log.warn("simulator failed on {}: {}", path, e.toString());
            }
            try {
                ex.text(500, "text/plain", "simulator error: " + e);
            } catch (IOException | RuntimeException ignored) {
                http.close();
            }
        }
    }

    /** {"BaseResponse":{"Ret":0,"ErrMsg":""},"Pad":"xxx…"} of exactly {@code size} bytes (at least the frame). */
    private static byte[] paddedJson(int size) {
        byte[] head = "{\"BaseResponse\":{\"Ret\":0,\"ErrMsg\":\"\"},\"Pad\":\"".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[Math.max(size, head.length + 2)];
        System.arraycopy(head, 0, out, 0, head.length);
        java.util.Arrays.fill(out, head.length, out.length - 2, (byte) 'x');
        out[out.length - 2] = '"';
        out[out.length - 1] = '}';
        return out;
    }

    private void dispatch(SimExchange ex, String path) throws Exception {
        switch (ex.endpoint) {
            case "jslogin" -> jslogin(ex);
            case "qrcode" -> qrcode(ex, path.substring("/qrcode/".length()));
            case "login" -> loginPoll(ex);
            case "webwxnewloginpage" -> loginPage(ex);
            case "webwxinit" -> init(ex);
            case "webwxstatusnotify" -> statusNotify(ex);
            case "webwxgetcontact" -> contacts(ex);
            case "webwxbatchgetcontact" -> batchContacts(ex);
            case "synccheck" -> syncCheck(ex);
            case "webwxsync" -> sync(ex);
            case "webwxgetmsgimg" -> image(ex);
            case "webwxuploadmedia" -> upload(ex);
            case "webwxsendmsgimg" -> send(ex, true);
            case "webwxsendmsg" -> send(ex, false);
            case "webwxlogout" -> logout(ex);
            case "_sim" -> SimControl.handle(this, ex, path.substring("/_sim/".length()));
            default -> ex.text(404, "text/plain", "not found");
        }
    }

    private void jslogin(SimExchange ex) throws IOException {
        if (!WeChatProtocol.APP_ID.equals(ex.param("appid"))) {
            world.violation("jslogin without the web appid");
        }
        boolean desktop = ex.param("redirect_uri", "").contains("mod=desktop");
        String uuid;
        synchronized (world) {
            uuid = SimWorld.token(10) + "==";
            world.logins.put(uuid, new SimWorld.Login(uuid, desktop));
            world.latestUuid = uuid;
            world.changed();
        }
        ex.text(200, "application/javascript", "window.QRLogin.code = 200; window.QRLogin.uuid = \"" + uuid + "\";");
    }

    private void qrcode(SimExchange ex, String uuid) throws IOException {
        boolean[][] m = QrCodes.modules(base + "/l/" + uuid, 4);
        int scale = 8;
        BufferedImage img = new BufferedImage(m.length * scale, m.length * scale, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                img.setRGB(x, y, m[y / scale][x / scale] ? 0x000000 : 0xffffff);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", out);
        ex.bytes(200, "image/jpeg", out.toByteArray());
    }

    private void loginPoll(SimExchange ex) throws IOException, InterruptedException {
        String uuid = ex.param("uuid", "");
        String reply;
        synchronized (world) {
            SimWorld.Login l = world.logins.get(uuid);
            long deadline = System.nanoTime() + loginHold.toNanos();
            while (true) {
                if (l == null || l.state == SimWorld.LoginState.USED || closed) {
                    reply = "window.code=400;";
                    break;
                }
                autoAdvance(l);
                long now = System.nanoTime();
                if (l.state != SimWorld.LoginState.CONFIRMED && now - l.createdNanos > qrLifetime.toNanos()) {
                    world.logins.remove(uuid);
                    reply = "window.code=400;";
                    break;
                }
                if (l.state == SimWorld.LoginState.CONFIRMED) {
                    l.state = SimWorld.LoginState.USED;
                    String rb = redirectBase != null ? redirectBase : base;
                    reply = "window.code=200;\nwindow.redirect_uri=\"" + rb + CGI + "/webwxnewloginpage?ticket=" + l.ticket
                            + "&uuid=" + uuid + "&lang=zh_CN&scan=" + (System.currentTimeMillis() / 1000) + "\";";
                    break;
                }
                if (l.state == SimWorld.LoginState.SCANNED && !l.scanReported) {
                    l.scanReported = true;
                    reply = scannedReply();
                    break;
                }
                long left = deadline - now;
                if (left <= 0) {
                    reply = l.state == SimWorld.LoginState.SCANNED ? scannedReply() : "window.code=408;";
                    break;
                }
                long wake = Math.min(left, l.createdNanos + qrLifetime.toNanos() - now + 1_000_000L);
                Duration auto = autoConfirmAfter;
                if (auto != null) {
                    long step = l.state == SimWorld.LoginState.WAITING ? auto.toNanos() : 2 * auto.toNanos();
                    wake = Math.min(wake, Math.max(1_000_000L, l.createdNanos + step - now));
                }
                world.wait(Math.max(1, wake / 1_000_000));
            }
        }
        ex.text(200, "application/javascript", reply);
    }

    private static String scannedReply() {
        return "window.code=201;window.userAvatar = 'data:img/jpg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD';";
    }

    /** Auto-confirm: scanned after the delay, confirmed after twice the delay. Caller holds the monitor. */
    private void autoAdvance(SimWorld.Login l) {
        Duration after = autoConfirmAfter;
        if (after == null) {
            return;
        }
        long age = System.nanoTime() - l.createdNanos;
        if (l.state == SimWorld.LoginState.WAITING && age >= after.toNanos()) {
            l.state = SimWorld.LoginState.SCANNED;
            l.scannedNanos = System.nanoTime();
        }
        if (l.state == SimWorld.LoginState.SCANNED && age >= 2 * after.toNanos()) {
            l.state = SimWorld.LoginState.CONFIRMED;
            l.ticket = SimWorld.token(24);
        }
    }

    private void loginPage(SimExchange ex) throws IOException {
        String uuid = ex.param("uuid", "");
        String ticket = ex.param("ticket", "");
        if (!"new".equals(ex.param("fun")) || !"v2".equals(ex.param("version"))) {
            world.violation("login page without fun=new&version=v2");
        }
        SimWorld.Session session;
        synchronized (world) {
            SimWorld.Login l = world.logins.get(uuid);
            if (l == null || l.ticket == null || !l.ticket.equals(ticket)) {
                ex.text(200, "text/plain", "<error><ret>1</ret><message>ticket is invalid</message></error>");
                return;
            }
            world.logins.remove(uuid);
            boolean desktopHeaders = WeChatProtocol.EXTSPAM.equals(ex.header("extspam"))
                    && ex.header("client-version") != null && "desktop".equals(ex.param("mod"));
            if (l.desktop && !desktopHeaders) {
                world.violation("desktop-mode login without the desktop headers (extspam, client-version, mod=desktop)");
            }
            if (refuseLogin || (l.desktop && !desktopHeaders) || (!l.desktop && !allowPlainWebLogin)) {
                ex.text(200, "text/plain", "<error><ret>1203</ret><message>当前登录环境异常。为了你的帐号安全，暂时不能登录web微信。"
                        + "你可以通过手机客户端或者windows微信登录。</message></error>");
                return;
            }
            session = new SimWorld.Session(SimWorld.token(16), "@crypt_" + SimWorld.hex(8) + "_" + SimWorld.hex(32),
                    SimWorld.token(40) + "+/" + SimWorld.token(20), SimWorld.token(30) + "+/" + SimWorld.token(10));
            session.deliveredSeq = world.seq();
            if (kickAfterLogin != null) {
                session.kickAtNanos = System.nanoTime() + kickAfterLogin.toNanos();
            }
            world.sessions.put(session.sid, session);
            world.changed();
        }
        ex.setCookie("wxuin", Long.toString(world.uin));
        ex.setCookie("wxsid", session.sid);
        ex.setCookie("webwx_data_ticket", session.dataTicket);
        ex.setCookie("webwx_auth_ticket", SimWorld.token(40));
        ex.setCookie("wxloadtime", Long.toString(System.currentTimeMillis() / 1000));
        ex.setCookie("mm_lang", "zh_CN");
        String xml = "<error><ret>0</ret><message></message><skey>" + session.skey + "</skey><wxsid>" + session.sid
                + "</wxsid><wxuin>" + world.uin + "</wxuin><pass_ticket>" + session.passTicket
                + "</pass_ticket><isgrayscale>1</isgrayscale></error>";
        if (loginPage301) {
            ex.http.getResponseHeaders().set("Location", base + CGI + "/nowhere");
            ex.text(301, "text/plain", xml);
        } else {
            ex.text(200, "text/plain", xml);
        }
        loginListeners.forEach(Runnable::run);
    }

    /** The session a POST's BaseRequest and cookies point at, or null after answering Ret 1101. */
    private SimWorld.Session postSession(SimExchange ex, JsonNode body) throws IOException {
        JsonNode br = body.path("BaseRequest");
        String sid = br.path("Sid").asText("");
        synchronized (world) {
            SimWorld.Session s = world.sessions.get(sid);
            String problem = null;
            if (s == null) {
                problem = "unknown Sid";
            } else if (!s.skey.equals(br.path("Skey").asText()) && !ex.endpoint.equals("webwxinit")) {
                problem = "stale Skey";
            } else if (br.path("Uin").asLong() != world.uin) {
                problem = "wrong Uin";
            } else if (!br.path("DeviceID").asText("").matches("e\\d{15}")) {
                problem = "DeviceID is not e + 15 digits";
            } else if (!sid.equals(ex.cookie("wxsid")) || !Long.toString(world.uin).equals(ex.cookie("wxuin"))) {
                problem = "the wxsid/wxuin cookies are missing";
            } else if (ex.param("pass_ticket") != null && !s.passTicket.equals(ex.param("pass_ticket"))) {
                problem = "wrong pass_ticket";
            }
            if (problem != null) {
                world.violation(ex.endpoint + ": " + problem);
                ex.json(baseResponse(1101));
                return null;
            }
            if (!s.valid()) {
                ex.json(baseResponse(1101));
                return null;
            }
            return s;
        }
    }

    /** The session of a GET (cookie wxsid, skey parameter), or null after answering. */
    private SimWorld.Session getSession(SimExchange ex) {
        synchronized (world) {
            SimWorld.Session s = world.sessions.get(ex.cookie("wxsid") == null ? "" : ex.cookie("wxsid"));
            if (s == null) {
                world.violation(ex.endpoint + ": the wxsid cookie is missing");
                return null;
            }
            if (!s.skey.equals(ex.param("skey"))) {
                world.violation(ex.endpoint + ": stale skey");
                return null;
            }
            return s.valid() ? s : null;
        }
    }

    private static ObjectNode baseResponse(int ret) {
        ObjectNode o = SimExchange.JSON.createObjectNode();
        ObjectNode br = o.putObject("BaseResponse");
        br.put("Ret", ret);
        br.put("ErrMsg", "");
        return o;
    }

    private void init(SimExchange ex) throws IOException {
        SimWorld.Session s = postSession(ex, ex.jsonBody());
        if (s == null) {
            return;
        }
        ObjectNode reply = baseResponse(0);
        synchronized (world) {
            s.deliveredSeq = world.seq();
            ObjectNode key = world.syncKey(s, false);
            s.issuedSyncKey = SimWorld.keyString(key);
            s.issuedCheckKey = s.issuedSyncKey;
            ArrayNode contacts = reply.putArray("ContactList");
            world.groups.values().stream().filter(SimGroup::saved).limit(2).forEach(g -> contacts.add(groupContact(g, false)));
            reply.put("Count", contacts.size());
            reply.set("SyncKey", key);
            ObjectNode user = reply.putObject("User");
            user.put("Uin", world.uin);
            user.put("UserName", world.selfId);
            user.put("NickName", world.selfName);
            user.put("HeadImgUrl", "/cgi-bin/mmwebwx-bin/webwxgeticon?seq=1&username=" + world.selfId);
            user.put("Sex", 0);
            user.put("Signature", "");
            reply.put("ChatSet", "filehelper," + world.selfId);
            reply.put("SKey", s.skey);
            reply.put("ClientVersion", 1661141547);
            reply.put("SystemTime", System.currentTimeMillis() / 1000);
            reply.put("GrayScale", 1);
            reply.put("InviteStartCount", 40);
            reply.put("MPSubscribeMsgCount", 0);
            reply.putArray("MPSubscribeMsgList");
            reply.put("ClickReportInterval", 600000);
        }
        ex.json(reply);
    }

    private void statusNotify(SimExchange ex) throws IOException {
        JsonNode body = ex.jsonBody();
        SimWorld.Session s = postSession(ex, body);
        if (s == null) {
            return;
        }
        if (body.path("Code").asInt() != 3 || !world.selfId.equals(body.path("FromUserName").asText())) {
            world.violation("webwxstatusnotify without Code 3 from self");
        }
        ObjectNode reply = baseResponse(0);
        reply.put("MsgID", world.nextMsgId());
        ex.json(reply);
    }

    private ObjectNode groupContact(SimGroup g, boolean withMembers) {
        ObjectNode c = SimExchange.JSON.createObjectNode();
        c.put("UserName", g.id());
        c.put("NickName", g.name());
        c.put("RemarkName", "");
        c.put("VerifyFlag", 0);
        c.put("ContactFlag", 2);
        c.put("MemberCount", g.members().size());
        c.put("EncryChatRoomId", withMembers ? "@" + SimWorld.hex(32) : "");
        ArrayNode members = c.putArray("MemberList");
        if (withMembers) {
            for (SimGroup.Member m : g.members()) {
                ObjectNode mm = members.addObject();
                mm.put("Uin", 0);
                mm.put("UserName", m.id());
                mm.put("NickName", m.nickName());
                mm.put("AttrStatus", 0);
                mm.put("DisplayName", m.displayName());
                mm.put("MemberStatus", 0);
                mm.put("KeyWord", "");
            }
        }
        return c;
    }

    private ObjectNode personContact(String id, String name, int verifyFlag) {
        ObjectNode c = SimExchange.JSON.createObjectNode();
        c.put("UserName", id);
        c.put("NickName", name);
        c.put("RemarkName", "");
        c.put("VerifyFlag", verifyFlag);
        c.put("ContactFlag", 3);
        c.put("MemberCount", 0);
        c.putArray("MemberList");
        return c;
    }

    private void contacts(SimExchange ex) throws IOException {
        SimWorld.Session s = getSession(ex);
        if (s == null) {
            ex.json(baseResponse(1101));
            return;
        }
        List<ObjectNode> all = new ArrayList<>();
        synchronized (world) {
            world.groups.values().stream().filter(SimGroup::saved).forEach(g -> all.add(groupContact(g, false)));
            world.friends.forEach((id, name) -> all.add(personContact(id, name, 0)));
            all.add(personContact("@" + SimWorld.hex(32), "Tencent News", 24));
            all.add(personContact("filehelper", "文件传输助手", 0));
        }
        int from = (int) Math.max(0, Long.parseLong(ex.param("seq", "0")));
        int to = Math.min(all.size(), from + contactPageSize);
        ObjectNode reply = baseResponse(0);
        reply.put("MemberCount", to - from);
        ArrayNode list = reply.putArray("MemberList");
        all.subList(Math.min(from, to), to).forEach(list::add);
        reply.put("Seq", to < all.size() ? to : 0);
        ex.json(reply);
    }

    private void batchContacts(SimExchange ex) throws IOException {
        JsonNode body = ex.jsonBody();
        SimWorld.Session s = postSession(ex, body);
        if (s == null) {
            return;
        }
        int count = body.path("List").size();
        if (count > WeChatProtocol.BATCH_CONTACTS || body.path("Count").asInt() != count) {
            world.violation("webwxbatchgetcontact with " + count + " entries (Count " + body.path("Count").asInt() + ")");
            ex.json(baseResponse(1));
            return;
        }
        ObjectNode reply = baseResponse(0);
        ArrayNode list = reply.putArray("ContactList");
        synchronized (world) {
            for (JsonNode item : body.path("List")) {
                String id = item.path("UserName").asText();
                SimGroup g = world.groups.get(id);
                if (g != null) {
                    list.add(groupContact(g, true));
                } else if (world.friends.containsKey(id)) {
                    list.add(personContact(id, world.friends.get(id), 0));
                }
            }
        }
        reply.put("Count", list.size());
        ex.json(reply);
    }

    private void syncCheck(SimExchange ex) throws IOException, InterruptedException {
        String reply;
        synchronized (world) {
            SimWorld.Session s = world.sessions.get(ex.param("sid", ""));
            if (s == null || !s.skey.equals(ex.param("skey")) || !Long.toString(world.uin).equals(ex.param("uin"))
                    || !ex.param("deviceid", "").matches("e\\d{15}")) {
                world.violation("synccheck with unknown sid, stale skey, wrong uin or bad deviceid");
                reply = syncCheckReply(1101, 0);
            } else {
                String key = ex.param("synckey", "");
                if (!key.equals(s.issuedCheckKey)) {
                    world.violation("synccheck with a stale synckey: got " + key + ", issued " + s.issuedCheckKey);
                }
                long claimed = seqOf(key);
                long deadline = System.nanoTime() + syncHold.toNanos();
                while (s.valid() && !closed && world.seq() <= claimed) {
                    if (s.kickAtNanos > 0 && System.nanoTime() >= s.kickAtNanos) {
                        s.endCode = 1102;
                        break;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    long wait = s.kickAtNanos > 0 ? Math.min(left, Math.max(1_000_000L, s.kickAtNanos - System.nanoTime())) : left;
                    world.wait(Math.max(1, wait / 1_000_000));
                }
                if (!s.valid()) {
                    reply = syncCheckReply(s.endCode, 0);
                } else {
                    reply = syncCheckReply(0, world.seq() > claimed ? 2 : 0);
                }
            }
        }
        ex.text(200, "application/javascript", reply);
    }

    private static String syncCheckReply(int retcode, int selector) {
        return "window.synccheck={retcode:\"" + retcode + "\",selector:\"" + selector + "\"}";
    }

    private static long seqOf(String keyString) {
        for (String kv : keyString.split("\\|")) {
            if (kv.startsWith("1_")) {
                try {
                    return SimWorld.seqFromKey1(Long.parseLong(kv.substring(2)));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    private void sync(SimExchange ex) throws IOException {
        JsonNode body = ex.jsonBody();
        SimWorld.Session s = postSession(ex, body);
        if (s == null) {
            return;
        }
        ObjectNode reply = baseResponse(0);
        synchronized (world) {
            JsonNode clientKey = body.path("SyncKey");
            String keyString = clientKey.isObject() ? SimWorld.keyString((ObjectNode) clientKey) : "";
            if (!keyString.equals(s.issuedSyncKey)) {
                world.violation("webwxsync with a stale SyncKey: got " + keyString + ", issued " + s.issuedSyncKey);
            }
            long from = Math.max(0, Math.min(world.seq(), seqOf(keyString)));
            long to = Math.min(world.seq(), from + MAX_SYNC_BATCH);
            ArrayNode add = reply.putArray("AddMsgList");
            for (long i = from; i < to; i++) {
                ObjectNode m = world.log.get((int) i).deepCopy();
                m.remove("_availableNanos");
                add.add(m);
            }
            reply.put("AddMsgCount", add.size());
            reply.put("ModContactCount", 0);
            reply.putArray("ModContactList");
            reply.put("DelContactCount", 0);
            reply.putArray("DelContactList");
            reply.put("ModChatRoomMemberCount", 0);
            reply.putArray("ModChatRoomMemberList");
            s.deliveredSeq = add.size() > 0 && faults.takeRedeliver() ? from : to;
            ObjectNode key = world.syncKey(s, false);
            ObjectNode check = world.syncKey(s, true);
            s.issuedSyncKey = SimWorld.keyString(key);
            s.issuedCheckKey = SimWorld.keyString(check);
            reply.set("SyncKey", key);
            reply.set("SyncCheckKey", check);
            reply.put("ContinueFlag", to < world.seq() ? 1 : 0);
            reply.put("SKey", "");
        }
        ex.json(reply);
    }

    private void image(SimExchange ex) throws IOException {
        SimWorld.Session s = getSession(ex);
        String msgId = ex.param("MsgID", ex.param("msgid", ""));
        byte[] bytes;
        synchronized (world) {
            bytes = s == null ? null : world.images.get(msgId);
        }
        if (bytes == null) {
            ex.bytes(404, "text/plain", new byte[0]);
            return;
        }
        ex.bytes(200, "image/jpeg", bytes);
    }

    private void upload(SimExchange ex) throws IOException {
        String contentType = ex.header("Content-Type");
        List<MultipartParser.Part> parts = MultipartParser.parse(contentType == null ? "" : contentType, ex.body());
        Map<String, MultipartParser.Part> byName = new LinkedHashMap<>();
        parts.forEach(p -> byName.put(p.name(), p));
        MultipartParser.Part req = byName.get("uploadmediarequest");
        MultipartParser.Part file = byName.get("filename");
        if (req == null || file == null || file.fileName() == null) {
            world.violation("webwxuploadmedia without uploadmediarequest or filename part");
            ex.json(baseResponse(1));
            return;
        }
        JsonNode request = SimExchange.JSON.readTree(req.data());
        SimWorld.Session s = postSession(ex, request);
        if (s == null) {
            return;
        }
        MultipartParser.Part ticket = byName.get("webwx_data_ticket");
        MultipartParser.Part pass = byName.get("pass_ticket");
        if (ticket == null || !s.dataTicket.equals(ticket.text()) || pass == null || !s.passTicket.equals(pass.text())) {
            world.violation("webwxuploadmedia with a wrong webwx_data_ticket or pass_ticket");
            ex.json(baseResponse(1));
            return;
        }
        int total = request.path("TotalLen").asInt(-1);
        int chunks = byName.containsKey("chunks") ? Integer.parseInt(byName.get("chunks").text()) : 1;
        int chunk = byName.containsKey("chunk") ? Integer.parseInt(byName.get("chunk").text()) : 0;
        if (total > WeChatProtocol.CHUNK_SIZE && chunks == 1) {
            world.violation("an upload of " + total + " bytes was not chunked");
        }
        if (chunk < chunks - 1 && file.data().length != WeChatProtocol.CHUNK_SIZE) {
            world.violation("chunk " + chunk + " of " + chunks + " has " + file.data().length + " bytes, not 524288");
        }
        if (chunk < 0 || chunk >= chunks || chunks > 64) {
            world.violation("bad chunk numbers " + chunk + "/" + chunks);
            ex.json(baseResponse(1));
            return;
        }
        String key = s.sid + ":" + request.path("ClientMediaId").asText();
        ObjectNode reply = baseResponse(0);
        synchronized (world) {
            SimWorld.Upload up = world.uploads.computeIfAbsent(key, k -> new SimWorld.Upload(chunks));
            if (up.parts[chunk] == null) {
                up.received++;
            }
            up.parts[chunk] = file.data();
            if (up.received < up.chunks) {
                reply.put("MediaId", "");
                reply.put("StartPos", Arrays.stream(up.parts).filter(java.util.Objects::nonNull).mapToInt(p -> p.length).sum());
            } else {
                world.uploads.remove(key);
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                for (byte[] p : up.parts) {
                    all.writeBytes(p);
                }
                byte[] bytes = all.toByteArray();
                if (bytes.length != total || !md5(bytes).equals(request.path("FileMd5").asText())) {
                    world.violation("upload reassembled to " + bytes.length + " bytes (TotalLen " + total + ") or its MD5 differs");
                    ex.json(baseResponse(1));
                    return;
                }
                String mediaId = "@crypt_" + SimWorld.hex(16) + "_" + SimWorld.hex(64);
                world.media.put(mediaId, new SimWorld.Media(bytes, chunks));
                reply.put("MediaId", mediaId);
                reply.put("StartPos", bytes.length);
                reply.put("CDNThumbImgHeight", 100);
                reply.put("CDNThumbImgWidth", 100);
            }
        }
        ex.json(reply);
    }

    private void send(SimExchange ex, boolean image) throws IOException {
        byte[] raw = ex.body();
        JsonNode body = SimExchange.JSON.readTree(raw);
        SimWorld.Session s = postSession(ex, body);
        if (s == null) {
            return;
        }
        JsonNode msg = body.path("Msg");
        String to = msg.path("ToUserName").asText("");
        SentMessage sent;
        synchronized (world) {
            if (!world.selfId.equals(msg.path("FromUserName").asText())) {
                world.violation(ex.endpoint + " with FromUserName other than self");
            }
            String toName;
            if (world.groups.containsKey(to)) {
                toName = world.groups.get(to).name();
            } else if (world.friends.containsKey(to)) {
                toName = world.friends.get(to);
            } else {
                world.violation(ex.endpoint + " to unknown chat " + to);
                ex.json(baseResponse(1));
                return;
            }
            if (msg.path("LocalID").asText("").isEmpty() || !msg.path("LocalID").asText().equals(msg.path("ClientMsgId").asText())) {
                world.violation(ex.endpoint + " without matching LocalID and ClientMsgId");
            }
            if (image) {
                if (msg.path("Type").asInt() != 3) {
                    world.violation("webwxsendmsgimg with Type " + msg.path("Type").asInt());
                }
                SimWorld.Media media = world.media.get(msg.path("MediaId").asText(""));
                if (media == null) {
                    world.violation("webwxsendmsgimg with an unknown MediaId");
                    ex.json(baseResponse(1));
                    return;
                }
                sent = new SentMessage(world.sent.size(), Instant.now(), System.nanoTime(), to, toName,
                        SentMessage.Kind.IMAGE, "", media.bytes(), media.chunks());
            } else {
                String text = msg.path("Content").asText("");
                if (!text.chars().allMatch(c -> c < 128) && new String(raw, StandardCharsets.UTF_8).contains("\\u")) {
                    world.violation("webwxsendmsg text was \\u-escaped instead of raw UTF-8");
                }
                sent = new SentMessage(world.sent.size(), Instant.now(), System.nanoTime(), to, toName,
                        SentMessage.Kind.TEXT, text, null, 0);
            }
            world.sent.add(sent);
            // What the account sends comes back to it in the sync stream, as on the real server.
            String msgId = world.nextMsgId();
            world.append(message(msgId, world.selfId, to, image ? 3 : 1, image ? imageContent(sent.image()) : escape(sent.text()),
                    null));
        }
        sentListeners.forEach(l -> {
            try {
                l.accept(sent);
            } catch (RuntimeException e) {
                log.warn("sent listener failed", e);
            }
        });
        ObjectNode reply = baseResponse(0);
        reply.put("MsgID", world.nextMsgId());
        reply.put("LocalID", msg.path("LocalID").asText());
        ex.json(reply);
    }

    private void logout(SimExchange ex) throws IOException {
        synchronized (world) {
            SimWorld.Session s = world.sessions.get(ex.cookie("wxsid") == null ? "" : ex.cookie("wxsid"));
            if (s != null && s.skey.equals(ex.param("skey"))) {
                s.endCode = 1100;
                world.changed();
            }
        }
        ex.text(200, "text/html", "");
    }

    /** State for the control API. */
    ObjectNode stateJson() {
        ObjectNode o = SimExchange.JSON.createObjectNode();
        synchronized (world) {
            o.put("base", base);
            o.put("self", world.selfName);
            o.put("qrUuid", world.latestUuid);
            SimWorld.Login l = world.latestUuid == null ? null : world.logins.get(world.latestUuid);
            o.put("qrState", l == null ? "none" : l.state.name().toLowerCase(java.util.Locale.ROOT));
            o.put("activeSessions", world.sessions.values().stream().filter(SimWorld.Session::valid).count());
            ArrayNode groups = o.putArray("groups");
            world.groups.values().forEach(g -> groups.add(g.name()));
            o.put("sent", world.sent.size());
            o.put("violations", world.violations.size());
        }
        return o;
    }

    static String md5(byte[] bytes) {
        try {
            return String.format("%032x", new BigInteger(1, MessageDigest.getInstance("MD5").digest(bytes)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
