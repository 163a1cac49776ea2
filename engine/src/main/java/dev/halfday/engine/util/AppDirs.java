package dev.halfday.engine.util;

import java.nio.file.Path;

/**
 * Where Halfday keeps files on this computer, following the XDG base-directory convention:
 * caches (converted model graphs) under $XDG_CACHE_HOME/halfday (~/.cache/halfday), settings under
 * $XDG_CONFIG_HOME/halfday (~/.config/halfday), data (sessions, training runs) under $XDG_DATA_HOME/halfday
 * (~/.local/share/halfday). The system property {@code halfday.home} overrides all three (one folder with
 * cache/, config/ and data/ inside), which tests use to stay out of the user's home.
 */
public final class AppDirs {

    private AppDirs() {
    }

    public static Path cache() {
        return resolve("cache", "XDG_CACHE_HOME", ".cache");
    }

    public static Path config() {
        return resolve("config", "XDG_CONFIG_HOME", ".config");
    }

    public static Path data() {
        return resolve("data", "XDG_DATA_HOME", ".local/share");
    }

    private static Path resolve(String sub, String xdgVariable, String homeFallback) {
        String override = System.getProperty("halfday.home");
        if (override != null && !override.isBlank()) {
            return Path.of(override, sub);
        }
        String xdg = System.getenv(xdgVariable);
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "halfday");
        }
        return Path.of(System.getProperty("user.home"), homeFallback, "halfday");
    }
}
