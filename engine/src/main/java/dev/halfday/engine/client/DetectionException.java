package dev.halfday.engine.client;

/** A detection request that failed; the message is fit to show a user. */
public class DetectionException extends Exception {

    public enum Kind {
        /** The image could not be decoded or is over the pixel limit. */
        BAD_IMAGE,
        /** The request was larger than the backend accepts. */
        TOO_LARGE,
        /** The backend is busy (its queue is full); try again shortly. */
        BUSY,
        /** The backend could not be reached. */
        UNAVAILABLE,
        /** No answer within the deadline. */
        TIMEOUT,
        /** Anything else. */
        INTERNAL
    }

    private final Kind kind;

    public DetectionException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public DetectionException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
