package dev.halfday.engine.bot.wechat;

import java.io.IOException;

/** A WeChat endpoint answered with an HTTP error status, or with a body that is not what the protocol says. */
public class WeChatHttpException extends IOException {

    private final int status;

    public WeChatHttpException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status, or 0 when the status was fine but the body was malformed. */
    public int status() {
        return status;
    }

    public boolean malformed() {
        return status == 0;
    }
}
