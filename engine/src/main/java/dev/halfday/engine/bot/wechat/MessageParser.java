package dev.halfday.engine.bot.wechat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.halfday.engine.bot.IncomingMessage;

import java.time.Instant;
import java.util.Set;

/** Turns AddMsgList entries into {@link IncomingMessage}s (protocol points 11–12). */
final class MessageParser {

    private MessageParser() {
    }

    /** Returns null for entries that are not user messages (status notifications, system notes, recalls...). */
    static IncomingMessage parse(JsonNode m, SessionState s, ContactBook book, IncomingMessage.ImageSource image) {
        int type = m.path("MsgType").asInt(0);
        if (type == WeChatProtocol.MSG_STATUS_NOTIFY || type == WeChatProtocol.MSG_SYSTEM
                || type == WeChatProtocol.MSG_RECALL || type == 37 || type == 9999) {
            return null;
        }
        String id = m.path("MsgId").asText("");
        String from = m.path("FromUserName").asText("");
        String to = m.path("ToUserName").asText("");
        if (id.isEmpty() || from.isEmpty()) {
            return null;
        }
        boolean fromSelf = from.equals(s.selfId);
        String chatId = fromSelf ? to : from;
        boolean group = ContactBook.isGroup(chatId);
        String content = m.path("Content").asText("");
        String senderId = fromSelf ? s.selfId : from;
        if (group && !fromSelf) {
            // "@<senderId>:<br/>rest"
            int br = content.indexOf(":<br/>");
            if (content.startsWith("@") && br > 0) {
                senderId = content.substring(0, br);
                content = content.substring(br + ":<br/>".length());
            }
        }
        IncomingMessage.Kind kind = switch (type) {
            case WeChatProtocol.MSG_TEXT -> IncomingMessage.Kind.TEXT;
            case WeChatProtocol.MSG_IMAGE -> IncomingMessage.Kind.IMAGE;
            default -> IncomingMessage.Kind.OTHER;
        };
        String text = "";
        boolean mentions = false;
        if (kind == IncomingMessage.Kind.TEXT) {
            text = unescape(content);
            if (group) {
                Set<String> names = book.selfNames(chatId, s.selfId, s.selfName);
                for (String name : names) {
                    String stripped = stripMention(text, name);
                    if (stripped != null) {
                        text = stripped;
                        mentions = true;
                        break;
                    }
                }
            }
        }
        String senderName = fromSelf ? s.selfName : group ? book.memberName(chatId, senderId) : book.chatName(from);
        long created = m.path("CreateTime").asLong(0);
        Instant time = created > 0 ? Instant.ofEpochSecond(created) : Instant.now();
        return new IncomingMessage(id, chatId, book.chatName(chatId), group, senderId, senderName, kind, text.trim(),
                mentions, fromSelf, time, kind == IncomingMessage.Kind.IMAGE ? image : null, null);
    }

    /** The text without "@name" (followed by U+2005, a space or the end), or null if it has no such mention. */
    static String stripMention(String text, String name) {
        String at = "@" + name;
        int from = 0;
        while (true) {
            int i = text.indexOf(at, from);
            if (i < 0) {
                return null;
            }
            int end = i + at.length();
            if (end == text.length() || text.charAt(end) == WeChatProtocol.MENTION_SPACE || text.charAt(end) == ' ') {
                int cut = Math.min(text.length(), end + 1);
                return (text.substring(0, i) + text.substring(cut)).trim();
            }
            from = end;
        }
    }

    static String unescape(String s) {
        return s.replace("<br/>", "\n").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
    }
}
