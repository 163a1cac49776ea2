package dev.halfday.engine.bot.wechat.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated account and everything around it: groups, friends, the message log, pending QR logins,
 * sessions, uploads and what the client sent. Guarded by its own monitor; long polls wait on it and every
 * change wakes them ({@link #changed()}).
 */
final class SimWorld {

    enum LoginState {
        WAITING,
        SCANNED,
        CONFIRMED,
        USED
    }

    static final class Login {
        final String uuid;
        final long createdNanos = System.nanoTime();
        final boolean desktop;
        LoginState state = LoginState.WAITING;
        long scannedNanos;
        boolean scanReported;
        String ticket;

        Login(String uuid, boolean desktop) {
            this.uuid = uuid;
            this.desktop = desktop;
        }
    }

    static final class Session {
        final String sid;
        final String skey;
        final String passTicket;
        final String dataTicket;
        final long createdNanos = System.nanoTime();
        /** Messages with seq above this are new to the session (all of them at login). */
        long deliveredSeq;
        /** The SyncKey / SyncCheckKey strings we issued last; the client must send them back. */
        String issuedSyncKey;
        String issuedCheckKey;
        int endCode;
        long kickAtNanos = -1;

        Session(String sid, String skey, String passTicket, String dataTicket) {
            this.sid = sid;
            this.skey = skey;
            this.passTicket = passTicket;
            this.dataTicket = dataTicket;
        }

        boolean valid() {
            return endCode == 0;
        }
    }

    static final class Upload {
        final int chunks;
        final byte[][] parts;
        int received;

        Upload(int chunks) {
            this.chunks = chunks;
            this.parts = new byte[chunks][];
        }
    }

    record Media(byte[] bytes, int chunks) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    final long uin = 1_000_000_000L + RANDOM.nextInt(1_000_000_000);
    final String selfId = "@" + hex(32);
    String selfName = "Halfday Bot";
    final Map<String, SimGroup> groups = new LinkedHashMap<>();
    final Map<String, String> friends = new LinkedHashMap<>();
    final List<ObjectNode> log = new ArrayList<>();
    final Map<String, byte[]> images = new HashMap<>();
    final Map<String, Login> logins = new LinkedHashMap<>();
    String latestUuid;
    final Map<String, Session> sessions = new LinkedHashMap<>();
    final Map<String, Upload> uploads = new HashMap<>();
    final Map<String, Media> media = new HashMap<>();
    final List<SentMessage> sent = new ArrayList<>();
    final List<String> violations = new ArrayList<>();
    private long msgIdBase = 1_000_000_000_000_000_000L + (RANDOM.nextLong() & 0xffff_ffffL) * 1000;

    static String hex(int chars) {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < chars) {
            sb.append(Integer.toHexString(RANDOM.nextInt(16)));
        }
        return sb.toString();
    }

    static String token(int chars) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < chars; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    synchronized void changed() {
        notifyAll();
    }

    synchronized String nextMsgId() {
        msgIdBase += 1 + RANDOM.nextInt(997);
        return Long.toString(msgIdBase);
    }

    /** Appends a message to the log (caller holds the monitor) and wakes the long polls. */
    void append(ObjectNode msg) {
        log.add(msg);
        notifyAll();
    }

    long seq() {
        return log.size();
    }

    synchronized void violation(String what) {
        violations.add(what);
    }

    SimGroup groupByName(String name) {
        for (SimGroup g : groups.values()) {
            if (g.name().equals(name)) {
                return g;
            }
        }
        return null;
    }

    /** The SyncKey object for a session at the current log position. */
    ObjectNode syncKey(Session s, boolean checkKey) {
        ObjectNode o = SimExchange.JSON.createObjectNode();
        ArrayNode list = o.putArray("List");
        long now = System.currentTimeMillis() / 1000;
        addKey(list, 1, s.deliveredSeq + 700_000_000L);
        addKey(list, 2, s.deliveredSeq + 700_000_100L);
        addKey(list, 3, 700_000_050L);
        if (checkKey) {
            addKey(list, 11, s.deliveredSeq + 700_000_000L);
            addKey(list, 201, now);
        }
        addKey(list, 1000, now - now % 60);
        o.put("Count", list.size());
        return o;
    }

    /** The synccheck form of a SyncKey object: "1_…|2_…". */
    static String keyString(ObjectNode key) {
        StringBuilder sb = new StringBuilder();
        key.path("List").forEach(kv -> {
            if (sb.length() > 0) {
                sb.append('|');
            }
            sb.append(kv.path("Key").asLong()).append('_').append(kv.path("Val").asLong());
        });
        return sb.toString();
    }

    /** The delivered seq a client claims with its key 1 value (see {@link #syncKey}). */
    static long seqFromKey1(long key1) {
        return key1 - 700_000_000L;
    }

    private static void addKey(ArrayNode list, int key, long val) {
        ObjectNode kv = list.addObject();
        kv.put("Key", key);
        kv.put("Val", val);
    }
}
