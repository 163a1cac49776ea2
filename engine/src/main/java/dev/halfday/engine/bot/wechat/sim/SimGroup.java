package dev.halfday.engine.bot.wechat.sim;

import java.util.List;

/**
 * A group chat in the simulated world.
 *
 * @param id      its "@@…" id
 * @param name    its name
 * @param members its members (the bot's account included), in joining order
 * @param saved   whether it is saved to the contact list (unsaved groups are only learned when they post)
 */
public record SimGroup(String id, String name, List<Member> members, boolean saved) {

    /** A group member: id "@…", nickname, and the nickname they set for this group ("" if none). */
    public record Member(String id, String nickName, String displayName) {
    }
}
