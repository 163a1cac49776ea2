package dev.halfday.engine.bot.wechat;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A live web session: the login keys, the hosts, and the two sync keys. {@code syncKey} goes back to
 * webwxsync as an object; {@code syncCheckKey} is what the next synccheck's "synckey" string is built from.
 * Both are replaced after every successful webwxsync. Mutated only by the channel's sync thread; read by senders.
 */
final class SessionState {

    final long uin;
    final String sid;
    final String passTicket;
    final String deviceId;
    final WeChatHosts hosts;
    volatile String skey;
    volatile String selfId = "";
    volatile String selfName = "";
    volatile JsonNode syncKey;
    volatile JsonNode syncCheckKey;

    SessionState(long uin, String sid, String skey, String passTicket, String deviceId, WeChatHosts hosts) {
        this.uin = uin;
        this.sid = sid;
        this.skey = skey;
        this.passTicket = passTicket;
        this.deviceId = deviceId;
        this.hosts = hosts;
    }

    /** "e" + 15 random digits, as the web client makes it. */
    static String newDeviceId() {
        StringBuilder sb = new StringBuilder("e");
        for (int i = 0; i < 15; i++) {
            sb.append(ThreadLocalRandom.current().nextInt(10));
        }
        return sb.toString();
    }

    Map<String, Object> baseRequest() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Uin", uin);
        m.put("Sid", sid);
        m.put("Skey", skey);
        m.put("DeviceID", deviceId);
        return m;
    }

    /** The synccheck "synckey" parameter: Key_Val pairs joined by "|". */
    String syncCheckKeyParam() {
        JsonNode source = syncCheckKey != null && syncCheckKey.path("Count").asInt(0) > 0 ? syncCheckKey : syncKey;
        StringBuilder sb = new StringBuilder();
        if (source != null) {
            for (Iterator<JsonNode> it = source.path("List").elements(); it.hasNext(); ) {
                JsonNode kv = it.next();
                if (sb.length() > 0) {
                    sb.append('|');
                }
                sb.append(kv.path("Key").asLong()).append('_').append(kv.path("Val").asLong());
            }
        }
        return sb.toString();
    }

    SessionFile toFile(WeChatHttp http) {
        return new SessionFile(uin, sid, skey, passTicket, deviceId, hosts.web(), hosts.file(), hosts.push(),
                selfId, selfName, syncKey, syncCheckKey, http.saveCookies(), System.currentTimeMillis());
    }

    static SessionState fromFile(SessionFile f) {
        SessionState s = new SessionState(f.uin(), f.sid(), f.skey(), f.passTicket(),
                f.deviceId() == null ? newDeviceId() : f.deviceId(), new WeChatHosts(f.webUrl(), f.fileUrl(), f.pushUrl()));
        s.selfId = f.selfId() == null ? "" : f.selfId();
        s.selfName = f.selfName() == null ? "" : f.selfName();
        s.syncKey = f.syncKey();
        s.syncCheckKey = f.syncCheckKey();
        return s;
    }
}
