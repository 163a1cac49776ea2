package dev.halfday.engine.bot.wechat;

import dev.halfday.engine.bot.ChannelEvent;

/** What the protocol's numeric codes mean, in words a user can act on. */
public final class WeChatCodes {

    private WeChatCodes() {
    }

    public static final int LOGGED_OUT = 1100;
    public static final int ELSEWHERE_OR_EXPIRED = 1101;
    public static final int KICKED = 1102;
    public static final int LOGIN_REFUSED = 1203;

    /** True for a synccheck retcode / BaseResponse.Ret that means the session is over. */
    public static boolean endsSession(int code) {
        return code == LOGGED_OUT || code == ELSEWHERE_OR_EXPIRED || code == KICKED;
    }

    /** The event for a session that ended with this synccheck retcode or BaseResponse.Ret. */
    public static ChannelEvent.LoggedOut sessionEnded(int code) {
        return switch (code) {
            case LOGGED_OUT -> new ChannelEvent.LoggedOut(code,
                    "logged out: the web session was ended on the phone (retcode 1100)",
                    "Start the bot again and scan the new QR code to bring it back.", false);
            case ELSEWHERE_OR_EXPIRED -> new ChannelEvent.LoggedOut(code,
                    "session over: this account logged in to web WeChat somewhere else, or the session expired (retcode 1101)",
                    "Close other web WeChat sessions (a browser tab, another bot), then start again and scan.", false);
            case KICKED -> new ChannelEvent.LoggedOut(code,
                    "kicked: WeChat ended the session from its side (retcode 1102). Since 2025 WeChat kicks most "
                            + "web/desktop-protocol logins within seconds and may warn the account",
                    "Halfday retries with growing pauses and keeps the session file. If this keeps happening the "
                            + "account cannot host a web bot: use the WeCom AI bot channel instead, and keep volume low.",
                    true);
            default -> new ChannelEvent.LoggedOut(code, "session ended with unknown code " + code,
                    "Start the bot again; if it repeats, use the WeCom AI bot channel.", false);
        };
    }

    /** The event for a refused login (login page ret != 0 or a non-empty message). */
    public static ChannelEvent.LoggedOut loginRefused(int ret, String serverMessage) {
        String said = serverMessage == null || serverMessage.isBlank() ? "" : " — WeChat says: \"" + serverMessage.trim() + "\"";
        if (ret == LOGIN_REFUSED) {
            return new ChannelEvent.LoggedOut(ret,
                    "WeChat refuses web login for this account (ret 1203)" + said,
                    "Web login is closed for many accounts, newer ones especially; retrying will not help. "
                            + "Use the WeCom AI bot channel instead.", false);
        }
        return new ChannelEvent.LoggedOut(ret, "WeChat refused the login (ret " + ret + ")" + said,
                "Try again later; if it repeats, this account cannot use web login: use the WeCom AI bot channel.", false);
    }
}
