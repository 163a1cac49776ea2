package dev.halfday.engine.bot.wecom;

import dev.halfday.engine.bot.ChannelException;

/** The gateway answered a frame with a non-zero errcode. */
public final class WeComAckException extends ChannelException {

    private final int errcode;

    WeComAckException(int errcode, String errmsg, String what) {
        super("WeCom refused " + what + ": " + WeComErrors.meaning(errcode, errmsg));
        this.errcode = errcode;
    }

    public int errcode() {
        return errcode;
    }
}
