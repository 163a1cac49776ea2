package dev.halfday.engine.bot.wechat.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.List;

/**
 * The simulator's control API for people with curl (the tests use the Java API):
 * <pre>
 *   GET  /_sim/state                              what the simulator sees
 *   POST /_sim/scan    POST /_sim/confirm         play the phone
 *   POST /_sim/post?group=NAME&amp;sender=NAME   an image (request body) into a group
 *   POST /_sim/post?group=NAME&amp;sender=NAME&amp;text=TEXT   text into a group (mention=1 to @ the bot)
 *   GET  /_sim/sent                               what the bot sent
 *   POST /_sim/kick?code=1102                     end the sessions
 * </pre>
 */
final class SimControl {

    private SimControl() {
    }

    static void handle(WeChatSimulator sim, SimExchange ex, String action) throws IOException {
        boolean post = "POST".equals(ex.http.getRequestMethod());
        switch (action) {
            case "state" -> ex.json(sim.stateJson());
            case "scan" -> ok(ex, post && sim.scan(), "no QR code is waiting to be scanned");
            case "confirm" -> ok(ex, post && sim.confirm(), "nothing was scanned");
            case "kick" -> {
                sim.kick(Integer.parseInt(ex.param("code", "1102")));
                ok(ex, post, "use POST");
            }
            case "post" -> {
                String group = ex.param("group");
                String sender = ex.param("sender", "Alice");
                if (!post || group == null) {
                    ok(ex, false, "use POST /_sim/post?group=NAME&sender=NAME with an image body, or &text=TEXT");
                    return;
                }
                try {
                    String text = ex.param("text");
                    String id;
                    if (text != null) {
                        id = sim.postText(group, sender, "1".equals(ex.param("mention")) ? sim.mention(text) : text);
                    } else {
                        byte[] body = ex.body();
                        if (body.length == 0) {
                            ok(ex, false, "the request body (the image) is empty");
                            return;
                        }
                        id = sim.postImage(group, sender, body);
                    }
                    ObjectNode o = SimExchange.JSON.createObjectNode();
                    o.put("ok", true);
                    o.put("msgId", id);
                    ex.json(o);
                } catch (IllegalArgumentException e) {
                    ok(ex, false, e.getMessage());
                }
            }
            case "sent" -> {
                List<SentMessage> sent = sim.sent();
                ArrayNode list = SimExchange.JSON.createArrayNode();
                for (SentMessage m : sent) {
                    ObjectNode o = list.addObject();
                    o.put("seq", m.seq());
                    o.put("time", m.time().toString());
                    o.put("to", m.toName());
                    o.put("kind", m.kind().name().toLowerCase(java.util.Locale.ROOT));
                    if (m.isImage()) {
                        o.put("bytes", m.image().length);
                        o.put("md5", WeChatSimulator.md5(m.image()));
                        o.put("chunks", m.chunks());
                    } else {
                        o.put("text", m.text());
                    }
                }
                ex.json(list);
            }
            default -> ex.text(404, "text/plain", "unknown control action " + action);
        }
    }

    private static void ok(SimExchange ex, boolean ok, String error) throws IOException {
        ObjectNode o = SimExchange.JSON.createObjectNode();
        o.put("ok", ok);
        if (!ok) {
            o.put("error", error);
        }
        ex.json(o);
    }
}
