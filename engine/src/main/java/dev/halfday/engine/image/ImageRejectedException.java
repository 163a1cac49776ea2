package dev.halfday.engine.image;

/**
 * An input that is not a usable image. The message says what is wrong in plain words, fit to show a user
 * ("not an image: the file is empty", "image too large: 30000×30000 pixels, the limit is 40 megapixels").
 */
public class ImageRejectedException extends Exception {

    /** Why an image was refused; lets callers pick a reply (a chat bot answers TOO_LARGE politely). */
    public enum Reason {
        EMPTY,
        NOT_AN_IMAGE,
        CORRUPT,
        TOO_LARGE,
        UNSUPPORTED
    }

    private final Reason reason;

    public ImageRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ImageRejectedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
