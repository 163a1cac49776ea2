package dev.halfday.engine.bot.wecom;

/**
 * What a reply to a WeCom message needs: the callback's req_id (replies echo it) and, should the gateway
 * no longer accept replies on it, the chat to push to instead.
 *
 * @param reqId  the req_id of the callback frame that delivered the message
 * @param chatId the group's chatid, or the sender's userid for a private chat
 */
public record WeComReplyHandle(String reqId, String chatId) {
}
