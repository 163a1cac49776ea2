package dev.halfday.engine.bot;

/** A send or fetch on a {@link Channel} failed; the message says why in plain words. */
public class ChannelException extends Exception {

    public ChannelException(String message) {
        super(message);
    }

    public ChannelException(String message, Throwable cause) {
        super(message, cause);
    }
}
