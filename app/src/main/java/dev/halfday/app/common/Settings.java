package dev.halfday.app.common;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.Property;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Remembered settings as JavaFX properties: bind a control to one and it is saved, in the background, whenever it
 * changes. Keys are dotted names owned by a feature ({@code window.width}, {@code detect.threshold},
 * {@code serve.port}, ...). Asking for the same key twice returns the same property.
 *
 * <p>Use on the FX thread. A stored value that does not parse or is out of range is replaced by the default and
 * reported by {@link #invalidKeys()}, never thrown.
 */
public final class Settings {

    private static final Logger log = LoggerFactory.getLogger(Settings.class);

    private final SettingsStore store;
    private final Executor writer;
    private final Map<String, String> values;
    private final Map<String, Property<?>> properties = new HashMap<>();
    private final List<String> invalidKeys = new ArrayList<>();
    private final Optional<SettingsStore.Problem> loadProblem;
    private final AtomicReference<Map<String, String>> pendingWrite = new AtomicReference<>();

    private Settings(SettingsStore store, Executor writer, SettingsStore.Loaded loaded) {
        this.store = store;
        this.writer = writer;
        this.values = new TreeMap<>(loaded.values());
        this.loadProblem = loaded.problem();
    }

    /**
     * Reads the store (never fails: a damaged file means defaults plus {@link #loadProblem()}).
     *
     * @param writer where saves run; must run tasks in order (one thread)
     */
    public static Settings load(SettingsStore store, Executor writer) {
        return new Settings(store, writer, store.load());
    }

    /** Why the settings file was not used, if it was not. */
    public Optional<SettingsStore.Problem> loadProblem() {
        return loadProblem;
    }

    /** Keys whose stored value was invalid and was replaced by its default. */
    public List<String> invalidKeys() {
        return List.copyOf(invalidKeys);
    }

    public StringProperty stringSetting(String key, String defaultValue) {
        return cached(key, StringProperty.class, () -> {
            StringProperty p = new SimpleStringProperty(this, key, values.getOrDefault(key, defaultValue));
            p.addListener((obs, old, now) -> put(key, now));
            return p;
        });
    }

    public DoubleProperty doubleSetting(String key, double defaultValue, double min, double max) {
        return cached(key, DoubleProperty.class, () -> {
            double value = defaultValue;
            String stored = values.get(key);
            if (stored != null) {
                try {
                    double parsed = Double.parseDouble(stored);
                    if (parsed >= min && parsed <= max) {
                        value = parsed;
                    } else {
                        invalid(key, stored);
                    }
                } catch (NumberFormatException e) {
                    invalid(key, stored);
                }
            }
            DoubleProperty p = new SimpleDoubleProperty(this, key, value);
            p.addListener((obs, old, now) -> put(key, Double.toString(now.doubleValue())));
            return p;
        });
    }

    /**
     * A whole number (a port, a count), stored as one: "50051", not "50051.0". A stored "50051.0" (as older
     * versions wrote the port) is read as 50051 and written back as a whole number at the next change.
     */
    public IntegerProperty intSetting(String key, int defaultValue, int min, int max) {
        return cached(key, IntegerProperty.class, () -> {
            int value = defaultValue;
            String stored = values.get(key);
            if (stored != null) {
                try {
                    double parsed = Double.parseDouble(stored);
                    if (parsed == Math.rint(parsed) && parsed >= min && parsed <= max) {
                        value = (int) parsed;
                    } else {
                        invalid(key, stored);
                    }
                } catch (NumberFormatException e) {
                    invalid(key, stored);
                }
            }
            IntegerProperty p = new SimpleIntegerProperty(this, key, value);
            p.addListener((obs, old, now) -> put(key, Integer.toString(now.intValue())));
            return p;
        });
    }

    public BooleanProperty booleanSetting(String key, boolean defaultValue) {
        return cached(key, BooleanProperty.class, () -> {
            boolean value = defaultValue;
            String stored = values.get(key);
            if ("true".equals(stored) || "false".equals(stored)) {
                value = Boolean.parseBoolean(stored);
            } else if (stored != null) {
                invalid(key, stored);
            }
            BooleanProperty p = new SimpleBooleanProperty(this, key, value);
            p.addListener((obs, old, now) -> put(key, Boolean.toString(now)));
            return p;
        });
    }

    /** Writes the current values now, on the calling thread (at exit). */
    public void flush() {
        pendingWrite.set(null);
        try {
            store.save(values);
        } catch (IOException e) {
            log.warn("could not save settings to {}", store.file(), e);
        }
    }

    private void put(String key, String value) {
        if (value == null) {
            values.remove(key);
        } else {
            values.put(key, value);
        }
        // Coalesce: a dragged slider changes many times a second, only the latest snapshot is written.
        if (pendingWrite.getAndSet(new TreeMap<>(values)) == null) {
            try {
                writer.execute(this::writePending);
            } catch (RejectedExecutionException e) {
                // Shutting down: flush() writes the final values.
                log.debug("settings change after shutdown: {}", key);
            }
        }
    }

    private void writePending() {
        Map<String, String> snapshot = pendingWrite.getAndSet(null);
        if (snapshot != null) {
            try {
                store.save(snapshot);
            } catch (IOException e) {
                log.warn("could not save settings to {}", store.file(), e);
            }
        }
    }

    private void invalid(String key, String stored) {
        log.warn("setting {} has an invalid value '{}'; using the default", key, stored);
        invalidKeys.add(key);
    }

    private <P extends Property<?>> P cached(String key, Class<P> type, java.util.function.Supplier<P> create) {
        Property<?> existing = properties.get(key);
        if (existing != null) {
            if (!type.isInstance(existing)) {
                throw new IllegalArgumentException("setting " + key + " is already used with another type");
            }
            return type.cast(existing);
        }
        P created = create.get();
        properties.put(key, created);
        return created;
    }
}
