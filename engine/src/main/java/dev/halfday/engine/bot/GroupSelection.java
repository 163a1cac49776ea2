package dev.halfday.engine.bot;

import java.util.Collection;
import java.util.Set;

/**
 * Which groups the bot serves: all of them, those named (by display name or channel id), or all but those named.
 * Names rather than ids because web-WeChat ids change with every login.
 *
 * @param everyGroup true to serve every group except {@code names}; false to serve only {@code names}
 */
public record GroupSelection(boolean everyGroup, Set<String> names) {

    public GroupSelection {
        names = Set.copyOf(names);
    }

    public static GroupSelection allGroups() {
        return new GroupSelection(true, Set.of());
    }

    public static GroupSelection none() {
        return new GroupSelection(false, Set.of());
    }

    public static GroupSelection of(Collection<String> names) {
        return new GroupSelection(false, Set.copyOf(names));
    }

    /**
     * Every group but these: for channels where groups become known only when they first write to the bot
     * (WeCom), so a new group is served from its first message and the user can switch single ones off.
     */
    public static GroupSelection allExcept(Collection<String> names) {
        return new GroupSelection(true, Set.copyOf(names));
    }

    public boolean matches(String id, String name) {
        boolean named = names.contains(name) || names.contains(id);
        return everyGroup ? !named : named;
    }
}
