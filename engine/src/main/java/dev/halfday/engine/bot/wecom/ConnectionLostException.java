package dev.halfday.engine.bot.wecom;

import dev.halfday.engine.bot.ChannelException;

/** The connection went away while a frame waited for its ack (or before it could be sent). */
final class ConnectionLostException extends ChannelException {

    private final boolean sent;

    ConnectionLostException(boolean sent) {
        super(sent ? "the connection to WeCom dropped before the gateway confirmed the frame"
                : "there was no connection to WeCom to send the frame on");
        this.sent = sent;
    }

    /** True if the frame went out (the gateway may or may not have it). */
    boolean wasSent() {
        return sent;
    }
}
