package dev.halfday.engine.bot;

import java.util.Collection;
import java.util.Set;

/**
 * Which groups the bot serves: all of them, or those named (by display name or channel id). Names rather than
 * ids because web-WeChat ids change with every login.
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

    public boolean matches(String id, String name) {
        return everyGroup || names.contains(name) || names.contains(id);
    }
}
