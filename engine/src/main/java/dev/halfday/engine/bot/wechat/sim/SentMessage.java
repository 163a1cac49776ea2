package dev.halfday.engine.bot.wechat.sim;

import java.time.Instant;

/**
 * Something the client sent through the simulator (webwxsendmsg or webwxsendmsgimg).
 *
 * @param seq       order in which the simulator recorded it (0, 1, 2, ...)
 * @param time      when it was recorded
 * @param nanoTime  {@link System#nanoTime()} when it was recorded, for latency measurements
 * @param toId      the chat it went to
 * @param toName    that chat's name
 * @param kind      text or image
 * @param text      the text, or "" for an image
 * @param image     the uploaded image bytes (reassembled from chunks), or null for text
 * @param chunks    how many upload requests carried the image (1 when not chunked), 0 for text
 */
public record SentMessage(long seq, Instant time, long nanoTime, String toId, String toName, Kind kind, String text,
                          byte[] image, int chunks) {

    public enum Kind {
        TEXT,
        IMAGE
    }

    public boolean isImage() {
        return kind == Kind.IMAGE;
    }

    @Override
    public String toString() {
        return "SentMessage[" + seq + " to " + toName + ": " + (isImage() ? "image " + image.length + " bytes" : text) + "]";
    }
}
