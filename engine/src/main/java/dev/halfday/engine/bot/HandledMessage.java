package dev.halfday.engine.bot;

import dev.halfday.engine.detect.Detection;

import java.time.Instant;
import java.util.List;

/**
 * One image the bot dealt with, for the UI's table and the CLI's log.
 *
 * @param time       when it arrived
 * @param chatId     the chat's id
 * @param chatName   the chat's name
 * @param senderName who sent it
 * @param thumbnail  a small PNG of the image (at most 96 px on its long side), or null if it was never decoded
 * @param detections what was found above the threshold (empty if none or not detected)
 * @param latencyMs  arrival to reply sent, or to giving up
 * @param result     what happened
 * @param detail     the reply's text, or why it failed
 */
public record HandledMessage(Instant time, String chatId, String chatName, String senderName, byte[] thumbnail,
                             List<Detection> detections, double latencyMs, Result result, String detail) {

    public HandledMessage {
        detections = List.copyOf(detections);
    }

    public enum Result {
        /** Objects found: annotated image and summary sent. */
        REPLIED,
        /** Nothing above the threshold: "no objects found" sent. */
        NOTHING_FOUND,
        /** Over the pixel or byte limit: a polite refusal sent. */
        TOO_LARGE,
        /** Not a readable image: a polite note sent. */
        BAD_IMAGE,
        /** The group sent more images per minute than allowed: skipped without a reply. */
        RATE_LIMITED,
        /** The work queue was full: skipped without a reply. */
        QUEUE_FULL,
        /** Detection or sending failed. */
        FAILED
    }
}
