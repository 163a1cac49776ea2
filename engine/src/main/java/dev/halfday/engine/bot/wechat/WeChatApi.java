package dev.halfday.engine.bot.wechat;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.halfday.engine.bot.wechat.WeChatLogin.enc;

/** The calls of a logged-in session (protocol steps 6–17). Thread-safe: the sync thread and senders share it. */
final class WeChatApi {

    private static final Pattern SYNCCHECK = Pattern.compile(
            "retcode\\s*:\\s*\"?(\\d+)\"?\\s*,\\s*selector\\s*:\\s*\"?(\\d+)\"?");
    private static final int MAX_CONTACT_PAGES = 200;

    /** synccheck's answer. */
    record SyncCheck(int retcode, int selector) {
    }

    /** webwxsync's answer, keys already applied to the session. */
    record Sync(List<JsonNode> messages, List<JsonNode> modifiedContacts) {
    }

    /** webwxinit's answer. */
    record Init(String selfId, String selfName, List<JsonNode> contacts) {
    }

    private final WebWeChatConfig config;
    private final WeChatHttp http;
    private final AtomicLong counter = new AtomicLong(System.currentTimeMillis());
    private final AtomicLong lastClientMediaId = new AtomicLong();

    WeChatApi(WebWeChatConfig config, WeChatHttp http) {
        this.config = config;
        this.http = http;
    }

    Init init(SessionState s) throws IOException, InterruptedException, SessionEndedException {
        URI uri = URI.create(s.hosts.web() + "/webwxinit?r=" + negTime() + "&lang=zh_CN&pass_ticket=" + enc(s.passTicket));
        JsonNode r = http.postJson(uri, Map.of("BaseRequest", s.baseRequest()), config.requestTimeout());
        checkRet(r, "webwxinit");
        JsonNode user = r.path("User");
        if (!user.path("UserName").isTextual() || !r.path("SyncKey").isObject()) {
            throw new WeChatHttpException(0, "the webwxinit reply lacked User or SyncKey");
        }
        s.selfId = user.path("UserName").asText();
        s.selfName = user.path("NickName").asText("");
        s.syncKey = r.path("SyncKey");
        s.syncCheckKey = r.path("SyncKey");
        if (r.path("SKey").isTextual() && !r.path("SKey").asText().isEmpty()) {
            s.skey = r.path("SKey").asText();
        }
        return new Init(s.selfId, s.selfName, list(r.path("ContactList")));
    }

    void statusNotify(SessionState s) throws IOException, InterruptedException, SessionEndedException {
        URI uri = URI.create(s.hosts.web() + "/webwxstatusnotify?lang=zh_CN&pass_ticket=" + enc(s.passTicket));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("BaseRequest", s.baseRequest());
        body.put("Code", 3);
        body.put("FromUserName", s.selfId);
        body.put("ToUserName", s.selfId);
        body.put("ClientMsgId", System.currentTimeMillis());
        checkRet(http.postJson(uri, body, config.requestTimeout()), "webwxstatusnotify");
    }

    /** The whole contact list, page by page until Seq is 0. */
    List<JsonNode> contacts(SessionState s) throws IOException, InterruptedException, SessionEndedException {
        List<JsonNode> all = new ArrayList<>();
        long seq = 0;
        for (int page = 0; page < MAX_CONTACT_PAGES; page++) {
            URI uri = URI.create(s.hosts.web() + "/webwxgetcontact?r=" + System.currentTimeMillis() + "&seq=" + seq
                    + "&skey=" + enc(s.skey) + "&lang=zh_CN&pass_ticket=" + enc(s.passTicket));
            JsonNode r = http.getJson(uri, config.requestTimeout());
            checkRet(r, "webwxgetcontact");
            all.addAll(list(r.path("MemberList")));
            long next = r.path("Seq").asLong(0);
            if (next == 0 || next == seq) {
                return all;
            }
            seq = next;
        }
        throw new WeChatHttpException(0, "webwxgetcontact kept paging past " + MAX_CONTACT_PAGES + " pages");
    }

    /** Groups with their members, at most {@link WeChatProtocol#BATCH_CONTACTS} per call. */
    List<JsonNode> batchGetContacts(SessionState s, List<String> ids) throws IOException, InterruptedException, SessionEndedException {
        List<JsonNode> out = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += WeChatProtocol.BATCH_CONTACTS) {
            List<String> part = ids.subList(from, Math.min(ids.size(), from + WeChatProtocol.BATCH_CONTACTS));
            List<Map<String, String>> list = new ArrayList<>();
            for (String id : part) {
                list.add(Map.of("UserName", id, "EncryChatRoomId", ""));
            }
            URI uri = URI.create(s.hosts.web() + "/webwxbatchgetcontact?type=ex&r=" + System.currentTimeMillis()
                    + "&lang=zh_CN&pass_ticket=" + enc(s.passTicket));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("BaseRequest", s.baseRequest());
            body.put("Count", list.size());
            body.put("List", list);
            JsonNode r = http.postJson(uri, body, config.requestTimeout());
            checkRet(r, "webwxbatchgetcontact");
            out.addAll(list(r.path("ContactList")));
        }
        return out;
    }

    SyncCheck syncCheck(SessionState s) throws IOException, InterruptedException {
        URI uri = URI.create(s.hosts.push() + "/synccheck?r=" + System.currentTimeMillis() + "&skey=" + enc(s.skey)
                + "&sid=" + enc(s.sid) + "&uin=" + s.uin + "&deviceid=" + s.deviceId
                + "&synckey=" + enc(s.syncCheckKeyParam()) + "&_=" + counter.incrementAndGet());
        String body = http.getText(uri, config.longPollTimeout(), Map.of(), false);
        Matcher m = SYNCCHECK.matcher(body);
        if (!m.find()) {
            throw new WeChatHttpException(0, "the synccheck reply was not window.synccheck={retcode,selector}");
        }
        return new SyncCheck(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    Sync sync(SessionState s) throws IOException, InterruptedException, SessionEndedException {
        URI uri = URI.create(s.hosts.web() + "/webwxsync?sid=" + enc(s.sid) + "&skey=" + enc(s.skey)
                + "&lang=zh_CN&pass_ticket=" + enc(s.passTicket));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("BaseRequest", s.baseRequest());
        body.put("SyncKey", s.syncKey);
        body.put("rr", ~System.currentTimeMillis());
        JsonNode r = http.postJson(uri, body, config.requestTimeout());
        checkRet(r, "webwxsync");
        JsonNode syncKey = r.path("SyncKey");
        if (!syncKey.isObject() || !syncKey.path("List").isArray()) {
            throw new WeChatHttpException(0, "the webwxsync reply lacked SyncKey");
        }
        s.syncKey = syncKey;
        JsonNode check = r.path("SyncCheckKey");
        s.syncCheckKey = check.isObject() && check.path("Count").asInt(0) > 0 ? check : syncKey;
        return new Sync(list(r.path("AddMsgList")), list(r.path("ModContactList")));
    }

    /** Image bytes of a received message, at most {@code maxBytes} (counted while reading). */
    byte[] image(SessionState s, String msgId, long maxBytes) throws IOException, InterruptedException {
        URI uri = URI.create(s.hosts.web() + "/webwxgetmsgimg?MsgID=" + enc(msgId) + "&skey=" + enc(s.skey) + "&type=big");
        return http.getBytes(uri, config.requestTimeout(), maxBytes);
    }

    /** Uploads a picture (in 512 KiB chunks when larger) and returns its MediaId. */
    String upload(SessionState s, String toUser, byte[] bytes, String fileName, String mime)
            throws IOException, InterruptedException, SessionEndedException {
        String md5 = md5(bytes);
        long clientMediaId = nextClientMediaId();
        int chunks = bytes.length > WeChatProtocol.CHUNK_SIZE ? (bytes.length + WeChatProtocol.CHUNK_SIZE - 1) / WeChatProtocol.CHUNK_SIZE : 1;
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("UploadType", 2);
        req.put("BaseRequest", s.baseRequest());
        req.put("ClientMediaId", clientMediaId);
        req.put("TotalLen", bytes.length);
        req.put("StartPos", 0);
        req.put("DataLen", bytes.length);
        req.put("MediaType", 4);
        req.put("FromUserName", s.selfId);
        req.put("ToUserName", toUser);
        req.put("FileMd5", md5);
        String reqJson = WeChatHttp.JSON.writeValueAsString(req);
        String ticket = http.cookie("webwx_data_ticket");
        if (ticket == null) {
            throw new WeChatHttpException(0, "no webwx_data_ticket cookie: the session's cookies are missing");
        }
        URI uri = URI.create(s.hosts.file() + "/webwxuploadmedia?f=json");
        String mediaId = null;
        for (int i = 0; i < chunks; i++) {
            int offset = i * WeChatProtocol.CHUNK_SIZE;
            int len = Math.min(WeChatProtocol.CHUNK_SIZE, bytes.length - offset);
            Multipart form = new Multipart()
                    .field("id", "WU_FILE_0")
                    .field("name", fileName)
                    .field("type", mime)
                    .field("lastModifiedDate", "Thu Jan 01 2026 00:00:00 GMT+0800 (China Standard Time)")
                    .field("size", Integer.toString(bytes.length));
            if (chunks > 1) {
                form.field("chunks", Integer.toString(chunks)).field("chunk", Integer.toString(i));
            }
            form.field("mediatype", "pic")
                    .field("uploadmediarequest", reqJson)
                    .field("webwx_data_ticket", ticket)
                    .field("pass_ticket", s.passTicket)
                    .file("filename", fileName, mime, bytes, offset, len);
            JsonNode r = http.postMultipart(uri, form, config.requestTimeout());
            checkRet(r, "webwxuploadmedia");
            mediaId = r.path("MediaId").asText("");
        }
        if (mediaId == null || mediaId.isEmpty()) {
            throw new WeChatHttpException(0, "the upload finished without a MediaId");
        }
        return mediaId;
    }

    /**
     * A millisecond timestamp, as the web client sends, stepped past the last one: the server files an upload's
     * chunks under this id, so two uploads in flight (the bot answers with several workers) must never share it.
     */
    private long nextClientMediaId() {
        return lastClientMediaId.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis()));
    }

    void sendImage(SessionState s, String toUser, String mediaId) throws IOException, InterruptedException, SessionEndedException {
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("Type", 3);
        msg.put("MediaId", mediaId);
        send(s, "/webwxsendmsgimg?fun=async&f=json&lang=zh_CN&pass_ticket=", "webwxsendmsgimg", toUser, msg);
    }

    void sendText(SessionState s, String toUser, String text) throws IOException, InterruptedException, SessionEndedException {
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("Type", 1);
        msg.put("Content", text);
        send(s, "/webwxsendmsg?lang=zh_CN&pass_ticket=", "webwxsendmsg", toUser, msg);
    }

    /** POSTs {BaseRequest, Msg: {…, From, To, LocalID, ClientMsgId}, Scene: 0} to a send endpoint. */
    private void send(SessionState s, String pathAndQuery, String call, String toUser, Map<String, Object> msg)
            throws IOException, InterruptedException, SessionEndedException {
        String id = Long.toString(System.currentTimeMillis() * 10_000 + (counter.incrementAndGet() % 10_000));
        msg.put("FromUserName", s.selfId);
        msg.put("ToUserName", toUser);
        msg.put("LocalID", id);
        msg.put("ClientMsgId", id);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("BaseRequest", s.baseRequest());
        body.put("Msg", msg);
        body.put("Scene", 0);
        URI uri = URI.create(s.hosts.web() + pathAndQuery + enc(s.passTicket));
        checkRet(http.postJson(uri, body, config.requestTimeout()), call);
    }

    void logout(SessionState s) throws IOException, InterruptedException {
        URI uri = URI.create(s.hosts.web() + "/webwxlogout?redirect=1&type=1&skey=" + enc(s.skey));
        http.getText(uri, config.requestTimeout(), Map.of(), true);
    }

    /** BaseResponse.Ret: 0 fine, 1100–1102 session over, anything else an error with the server's words. */
    private static void checkRet(JsonNode r, String call) throws WeChatHttpException, SessionEndedException {
        JsonNode base = r.path("BaseResponse");
        if (!base.isObject()) {
            throw new WeChatHttpException(0, "the " + call + " reply had no BaseResponse");
        }
        int ret = base.path("Ret").asInt(-1);
        if (ret == 0) {
            return;
        }
        if (WeChatCodes.endsSession(ret)) {
            throw new SessionEndedException(ret);
        }
        String msg = base.path("ErrMsg").asText("");
        throw new WeChatHttpException(0, call + " failed with Ret " + ret + (msg.isEmpty() ? "" : ": " + msg));
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(out::add);
        }
        return out;
    }

    private static long negTime() {
        return ~System.currentTimeMillis() & 0xffffffffL;
    }

    static String md5(byte[] bytes) {
        try {
            return String.format("%032x", new BigInteger(1, MessageDigest.getInstance("MD5").digest(bytes)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
