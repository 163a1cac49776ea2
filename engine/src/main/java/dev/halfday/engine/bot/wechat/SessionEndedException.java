package dev.halfday.engine.bot.wechat;

/** The server said the session is over (synccheck retcode or BaseResponse.Ret 1100/1101/1102). */
final class SessionEndedException extends Exception {

    private final int code;

    SessionEndedException(int code) {
        super("session ended with code " + code);
        this.code = code;
    }

    int code() {
        return code;
    }
}
