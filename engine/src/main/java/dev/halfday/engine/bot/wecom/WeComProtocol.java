package dev.halfday.engine.bot.wecom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The frames of WeCom's AI-bot long connection, as read from the official SDK {@code @wecom/aibot-node-sdk}
 * 1.0.7 (see docs/wecom-protocol.md). Every frame is one JSON text message {@code {cmd, headers:{req_id}, body}};
 * the gateway answers a client frame with {@code {headers:{req_id}, errcode, errmsg[, body]}} carrying the same
 * req_id, and pushes callbacks with a fresh req_id that the bot's replies must echo.
 */
public final class WeComProtocol {

    /** Where WeCom's public gateway listens; private deployments have their own address. */
    public static final String DEFAULT_URL = "wss://openws.work.weixin.qq.com";

    // Client → gateway
    public static final String SUBSCRIBE = "aibot_subscribe";
    public static final String PING = "ping";
    public static final String RESPOND_MSG = "aibot_respond_msg";
    public static final String RESPOND_WELCOME = "aibot_respond_welcome_msg";
    public static final String SEND_MSG = "aibot_send_msg";
    public static final String UPLOAD_INIT = "aibot_upload_media_init";
    public static final String UPLOAD_CHUNK = "aibot_upload_media_chunk";
    public static final String UPLOAD_FINISH = "aibot_upload_media_finish";

    // Gateway → client
    public static final String MSG_CALLBACK = "aibot_msg_callback";
    public static final String EVENT_CALLBACK = "aibot_event_callback";

    /** Upload chunks are at most 512 KiB before Base64, at most 100 of them. */
    public static final int UPLOAD_CHUNK_BYTES = 512 * 1024;
    public static final int UPLOAD_MAX_CHUNKS = 100;
    /** A stream reply's content is at most 20480 UTF-8 bytes. */
    public static final int STREAM_CONTENT_MAX_BYTES = 20480;

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private WeComProtocol() {
    }

    /** A request id in the SDK's shape, {@code <prefix>_<millis>_<8 hex>}; acks are matched on it. */
    public static String newReqId(String prefix) {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return prefix + "_" + System.currentTimeMillis() + "_" + HexFormat.of().formatHex(b);
    }

    /** {@code {cmd, headers:{req_id}, body}}; body may be null (ping). */
    public static ObjectNode frame(String cmd, String reqId, JsonNode body) {
        ObjectNode f = JSON.createObjectNode();
        f.put("cmd", cmd);
        f.putObject("headers").put("req_id", reqId);
        if (body != null) {
            f.set("body", body);
        }
        return f;
    }

    /** The gateway's answer to a client frame. */
    public static ObjectNode ack(String reqId, int errcode, String errmsg, JsonNode body) {
        ObjectNode f = JSON.createObjectNode();
        f.putObject("headers").put("req_id", reqId);
        f.put("errcode", errcode);
        f.put("errmsg", errmsg);
        if (body != null) {
            f.set("body", body);
        }
        return f;
    }

    public static String reqIdOf(JsonNode frame) {
        return frame.path("headers").path("req_id").asText("");
    }

    public static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /**
     * Parses one frame. Like the SDK, control characters other than tab are dropped first: the gateway has
     * been seen to put raw ones inside strings, which strict JSON refuses.
     */
    public static JsonNode parse(String text) throws JsonProcessingException {
        StringBuilder clean = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t') {
                if (clean == null) {
                    clean = new StringBuilder(text.length()).append(text, 0, i);
                }
            } else if (clean != null) {
                clean.append(c);
            }
        }
        return JSON.readTree(clean == null ? text : clean.toString());
    }
}
