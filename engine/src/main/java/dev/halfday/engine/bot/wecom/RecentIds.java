package dev.halfday.engine.bot.wecom;

import java.util.LinkedHashMap;
import java.util.Map;

/** The last N message ids seen, to drop callbacks the gateway delivers twice. Thread-safe. */
final class RecentIds {

    private final Map<String, Boolean> ids;

    RecentIds(int capacity) {
        this.ids = new LinkedHashMap<>(capacity * 2, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Records the id; false if it was already there. */
    synchronized boolean firstTime(String id) {
        return ids.putIfAbsent(id, Boolean.TRUE) == null;
    }
}
