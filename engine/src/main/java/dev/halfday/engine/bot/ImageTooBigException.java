package dev.halfday.engine.bot;

import java.io.IOException;

/**
 * Thrown by {@link IncomingMessage.ImageSource#fetch} when an image has more bytes than the caller allows.
 * The size is counted while reading, never taken from the network's own claim.
 */
public class ImageTooBigException extends IOException {

    private final long limit;

    public ImageTooBigException(long limit) {
        super("the image is larger than " + humanBytes(limit));
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }

    public static String humanBytes(long bytes) {
        if (bytes >= 1024 * 1024) {
            return String.format(java.util.Locale.ROOT, "%.0f MB", bytes / (1024.0 * 1024.0));
        }
        if (bytes >= 1024) {
            return String.format(java.util.Locale.ROOT, "%.0f KB", bytes / 1024.0);
        }
        return bytes + " bytes";
    }
}
