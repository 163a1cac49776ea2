package dev.halfday.engine.bot;

/**
 * A group chat.
 *
 * @param id          the channel's id for it (web WeChat "@@…", valid for one session; WeCom chatid)
 * @param name        its display name
 * @param memberCount number of members, or -1 if unknown
 */
public record ChatGroup(String id, String name, int memberCount) {
}
