package dev.halfday.engine.bot;

import java.io.IOException;
import java.time.Instant;

/**
 * A message the bot received.
 *
 * @param id          the channel's message id (web WeChat MsgId, WeCom msgid): duplicates share it
 * @param chatId      where it was posted (group id, or the sender's id for a private chat)
 * @param chatName    display name of that chat
 * @param group       true for a group chat
 * @param senderId    who sent it
 * @param senderName  their display name
 * @param kind        text, image, or both
 * @param text        the text part ("" if none), with the @-mention of the bot removed
 * @param mentionsBot true if the message @-mentions the bot
 * @param fromSelf    true if the bot's own account sent it (the bot ignores those)
 * @param time        when it was sent
 * @param image       how to fetch the image bytes, or null when there is no image
 * @param replyHandle channel-private data needed to reply (WeCom's req_id); opaque to the bot
 */
public record IncomingMessage(String id, String chatId, String chatName, boolean group, String senderId,
                              String senderName, Kind kind, String text, boolean mentionsBot, boolean fromSelf,
                              Instant time, ImageSource image, Object replyHandle) {

    public enum Kind {
        TEXT,
        IMAGE,
        MIXED,
        OTHER
    }

    /** Fetches an image's bytes on demand (downloads, and for WeCom decrypts). */
    @FunctionalInterface
    public interface ImageSource {
        /**
         * @param maxBytes refuse (IOException) rather than read more than this; never trust a size from the network
         */
        byte[] fetch(long maxBytes) throws IOException;
    }
}
