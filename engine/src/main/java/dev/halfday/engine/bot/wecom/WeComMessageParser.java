package dev.halfday.engine.bot.wecom;

import com.fasterxml.jackson.databind.JsonNode;
import dev.halfday.engine.bot.IncomingMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns an {@code aibot_msg_callback} body into {@link IncomingMessage}s. WeCom only delivers a group message
 * to an AI bot when it @-mentions the bot, and a private message is addressed to it by definition, so every
 * message "mentions" the bot. A mixed message with several images becomes one message per image (ids
 * {@code msgid}, {@code msgid#2}, ...) so each is answered; a text that quotes an image carries that image.
 */
final class WeComMessageParser {

    /** At most this many images of one mixed message are handled. */
    static final int MAX_IMAGES_PER_MESSAGE = 10;
    /** A leading "@Bot name"; WeCom puts a space or U+2005 after a mention, so whitespace is Unicode's. */
    private static final Pattern LEADING_MENTION = Pattern.compile("^\\s*@\\S+\\s*", Pattern.UNICODE_CHARACTER_CLASS);

    interface ImageSources {
        IncomingMessage.ImageSource forImage(String url, String aesKey);
    }

    private final ImageSources images;

    WeComMessageParser(ImageSources images) {
        this.images = images;
    }

    List<IncomingMessage> parse(String reqId, JsonNode body) {
        String msgId = body.path("msgid").asText("");
        if (msgId.isEmpty()) {
            return List.of();
        }
        boolean group = "group".equals(body.path("chattype").asText(""));
        String senderId = body.path("from").path("userid").asText("");
        String chatId = group ? body.path("chatid").asText("") : senderId;
        if (chatId.isEmpty()) {
            return List.of();
        }
        String chatName = group ? chatId : senderId;
        Instant time = timeOf(body.path("create_time"));
        WeComReplyHandle handle = new WeComReplyHandle(reqId, chatId);

        StringBuilder text = new StringBuilder();
        List<JsonNode> imageNodes = new ArrayList<>();
        String msgType = body.path("msgtype").asText("");
        switch (msgType) {
            case "text" -> text.append(body.path("text").path("content").asText(""));
            case "voice" -> text.append(body.path("voice").path("content").asText(""));
            case "image" -> imageNodes.add(body.path("image"));
            case "mixed" -> collectMixed(body.path("mixed"), text, imageNodes);
            default -> {
                // file, video, unknown types: passed on as OTHER so the bot can ignore them knowingly
            }
        }
        if (imageNodes.isEmpty()) {
            collectQuotedImages(body.path("quote"), imageNodes);
        }
        String cleanText = stripMention(text.toString());

        List<IncomingMessage> out = new ArrayList<>();
        if (imageNodes.isEmpty()) {
            IncomingMessage.Kind kind = switch (msgType) {
                case "text", "voice", "mixed" -> IncomingMessage.Kind.TEXT;
                default -> IncomingMessage.Kind.OTHER;
            };
            out.add(new IncomingMessage(msgId, chatId, chatName, group, senderId, senderId, kind, cleanText,
                    true, false, time, null, handle));
            return out;
        }
        IncomingMessage.Kind kind = cleanText.isEmpty() ? IncomingMessage.Kind.IMAGE : IncomingMessage.Kind.MIXED;
        int n = Math.min(imageNodes.size(), MAX_IMAGES_PER_MESSAGE);
        for (int i = 0; i < n; i++) {
            JsonNode image = imageNodes.get(i);
            IncomingMessage.ImageSource source = images.forImage(image.path("url").asText(""),
                    image.path("aeskey").asText(""));
            String id = i == 0 ? msgId : msgId + "#" + (i + 1);
            out.add(new IncomingMessage(id, chatId, chatName, group, senderId, senderId, kind, cleanText,
                    true, false, time, source, handle));
        }
        return out;
    }

    private static void collectMixed(JsonNode mixed, StringBuilder text, List<JsonNode> imageNodes) {
        for (JsonNode item : mixed.path("msg_item")) {
            switch (item.path("msgtype").asText("")) {
                case "text" -> {
                    if (!text.isEmpty()) {
                        text.append(' ');
                    }
                    text.append(item.path("text").path("content").asText(""));
                }
                case "image" -> imageNodes.add(item.path("image"));
                default -> {
                }
            }
        }
    }

    private static void collectQuotedImages(JsonNode quote, List<JsonNode> imageNodes) {
        if (quote.isMissingNode()) {
            return;
        }
        switch (quote.path("msgtype").asText("")) {
            case "image" -> imageNodes.add(quote.path("image"));
            case "mixed" -> collectMixed(quote.path("mixed"), new StringBuilder(), imageNodes);
            default -> {
            }
        }
    }

    static String stripMention(String text) {
        return LEADING_MENTION.matcher(text).replaceFirst("").strip();
    }

    /** create_time is seconds in WeCom's callbacks; accept milliseconds too. */
    private static Instant timeOf(JsonNode node) {
        long t = node.asLong(0);
        if (t <= 0) {
            return Instant.now();
        }
        return t < 100_000_000_000L ? Instant.ofEpochSecond(t) : Instant.ofEpochMilli(t);
    }
}
