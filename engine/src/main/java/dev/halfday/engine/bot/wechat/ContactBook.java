package dev.halfday.engine.bot.wechat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.halfday.engine.bot.ChatGroup;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Names of the session's groups, their members and friends, learned from init, contacts and batch calls. */
final class ContactBook {

    private record Group(String id, String name, int memberCount, Map<String, String> displayNames,
                         Map<String, String> nickNames) {
    }

    private final Map<String, Group> groups = new ConcurrentHashMap<>();
    private final Map<String, String> people = new ConcurrentHashMap<>();

    static boolean isGroup(String id) {
        return id != null && id.startsWith("@@");
    }

    /** Adds or replaces a contact (a group with or without MemberList, or a person). */
    void add(JsonNode c) {
        String id = c.path("UserName").asText("");
        if (id.isEmpty()) {
            return;
        }
        String name = cleanName(c.path("RemarkName").asText(""));
        if (name.isEmpty()) {
            name = cleanName(c.path("NickName").asText(""));
        }
        if (!isGroup(id)) {
            // VerifyFlag & 8 marks official accounts; they are contacts too, just not people we serve in groups.
            people.put(id, name.isEmpty() ? id : name);
            return;
        }
        Map<String, String> display = new ConcurrentHashMap<>();
        Map<String, String> nick = new ConcurrentHashMap<>();
        JsonNode members = c.path("MemberList");
        Group old = groups.get(id);
        if (members.isArray() && members.size() > 0) {
            for (JsonNode m : members) {
                String mid = m.path("UserName").asText("");
                if (!mid.isEmpty()) {
                    nick.put(mid, cleanName(m.path("NickName").asText("")));
                    String dn = cleanName(m.path("DisplayName").asText(""));
                    if (!dn.isEmpty()) {
                        display.put(mid, dn);
                    }
                }
            }
        } else if (old != null) {
            display.putAll(old.displayNames());
            nick.putAll(old.nickNames());
        }
        int count = c.path("MemberCount").asInt(nick.isEmpty() ? -1 : nick.size());
        if (name.isEmpty()) {
            name = old != null ? old.name() : "(unnamed group)";
        }
        groups.put(id, new Group(id, name, count, display, nick));
    }

    boolean knowsMembers(String groupId) {
        Group g = groups.get(groupId);
        return g != null && !g.nickNames().isEmpty();
    }

    List<ChatGroup> groups() {
        List<ChatGroup> out = new ArrayList<>();
        for (Group g : groups.values()) {
            out.add(new ChatGroup(g.id(), g.name(), g.memberCount()));
        }
        out.sort(Comparator.comparing(ChatGroup::name).thenComparing(ChatGroup::id));
        return out;
    }

    String chatName(String id) {
        if (isGroup(id)) {
            Group g = groups.get(id);
            return g == null ? id : g.name();
        }
        return people.getOrDefault(id, id);
    }

    /** A member's name in a group: their group nickname, else their own nickname, else what we know of them. */
    String memberName(String groupId, String memberId) {
        Group g = groups.get(groupId);
        if (g != null) {
            String dn = g.displayNames().get(memberId);
            if (dn != null && !dn.isEmpty()) {
                return dn;
            }
            String nn = g.nickNames().get(memberId);
            if (nn != null && !nn.isEmpty()) {
                return nn;
            }
        }
        return people.getOrDefault(memberId, memberId);
    }

    /** Names others use to @-mention the bot in this group (its group nickname first). */
    Set<String> selfNames(String groupId, String selfId, String selfName) {
        Set<String> out = new LinkedHashSet<>();
        Group g = groups.get(groupId);
        if (g != null) {
            String dn = g.displayNames().get(selfId);
            if (dn != null && !dn.isEmpty()) {
                out.add(dn);
            }
        }
        if (selfName != null && !selfName.isEmpty()) {
            out.add(selfName);
        }
        return out;
    }

    /** Strips the emoji markup web WeChat puts into names. */
    static String cleanName(String s) {
        return s.replaceAll("<span class=\"emoji[^\"]*\"></span>", "").trim();
    }
}
