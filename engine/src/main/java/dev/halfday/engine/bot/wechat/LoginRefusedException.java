package dev.halfday.engine.bot.wechat;

/** The login page refused this account (ret != 0 or a message, e.g. 1203): retrying will not help. */
final class LoginRefusedException extends Exception {

    private final int ret;
    private final String serverMessage;

    LoginRefusedException(int ret, String serverMessage) {
        super("login refused with ret " + ret + ": " + serverMessage);
        this.ret = ret;
        this.serverMessage = serverMessage;
    }

    int ret() {
        return ret;
    }

    String serverMessage() {
        return serverMessage;
    }
}
