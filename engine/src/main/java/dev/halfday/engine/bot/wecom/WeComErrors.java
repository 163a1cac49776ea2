package dev.halfday.engine.bot.wecom;

/**
 * What WeCom's errcodes mean, in words a user can act on. The SDK documents none of them; the values here
 * were reported by people running the long connection (see docs/wecom-protocol.md), the rest fall back to
 * the gateway's own errmsg.
 */
public final class WeComErrors {

    /** Subscribe refused: the Bot ID or Secret is wrong (observed errmsg "invalid bot_id or secret"). */
    public static final int INVALID_BOT_OR_SECRET = 853000;
    /** A reply named a req_id the gateway no longer knows (expired, or from an earlier connection). */
    public static final int INVALID_REQ_ID = 846605;
    /** A stream reply arrived after the stream's update window closed. */
    public static final int STREAM_EXPIRED = 846608;

    private WeComErrors() {
    }

    /** True for subscribe errors that retrying cannot fix. */
    public static boolean isCredentialError(int errcode) {
        return errcode == INVALID_BOT_OR_SECRET;
    }

    /** True when a reply on the message's req_id can no longer be delivered, but a pushed message can. */
    public static boolean isReplyWindowClosed(int errcode) {
        return errcode == INVALID_REQ_ID || errcode == STREAM_EXPIRED;
    }

    public static String meaning(int errcode, String errmsg) {
        String theirs = errmsg == null || errmsg.isBlank() ? "" : " (WeCom says: " + errmsg + ")";
        return switch (errcode) {
            case INVALID_BOT_OR_SECRET -> "WeCom refused the Bot ID or Secret" + theirs;
            case INVALID_REQ_ID -> "the message can no longer be answered: its request id expired" + theirs;
            case STREAM_EXPIRED -> "the reply came too late: WeCom closed the message's reply window" + theirs;
            case -1 -> "WeCom is busy" + theirs;
            default -> "WeCom error " + errcode + theirs;
        };
    }

    public static String advice(int errcode) {
        if (isCredentialError(errcode)) {
            return "Copy the Bot ID and Secret again from the WeCom admin console (Apps → AI bots → your bot → "
                    + "API mode, long connection); if the Secret was reset there, the old one stops working.";
        }
        if (errcode == -1) {
            return "Halfday retries by itself; nothing to do unless it keeps happening.";
        }
        return "Check the WeCom admin console for the bot's state; Halfday's log has the details.";
    }
}
