package dev.halfday.engine.serve;

import dev.halfday.engine.detect.Detector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The detectors a server offers. The first is the default: Halfday's {@code Detect} uses it when a request names
 * no model, and TensorFlow Serving clients reach it as model {@value OdApiSignature#DEFAULT_MODEL_NAME}. The others
 * are served under their own names on both APIs. The caller keeps ownership: closing the detectors is its job.
 */
public final class ServedModels {

    /**
     * @param name        the detector's own name ({@code ModelInfo.name()}), used by {@code Detect}
     * @param servingName the TensorFlow Serving model name
     */
    public record Entry(String name, String servingName, Detector detector, boolean isDefault) {
    }

    private final List<Entry> entries;
    private final Map<String, Entry> byAnyName = new LinkedHashMap<>();

    private ServedModels(List<Entry> entries) {
        this.entries = List.copyOf(entries);
        for (Entry e : this.entries) {
            for (String key : List.of(e.name(), e.servingName())) {
                Entry previous = byAnyName.putIfAbsent(key, e);
                if (previous != null && previous != e) {
                    throw new IllegalArgumentException("two served models are both called '" + key + "'");
                }
            }
        }
    }

    public static ServedModels of(Detector defaultDetector, Detector... others) {
        List<Entry> entries = new ArrayList<>();
        entries.add(new Entry(defaultDetector.model().name(), OdApiSignature.DEFAULT_MODEL_NAME, defaultDetector, true));
        for (Detector d : others) {
            entries.add(new Entry(d.model().name(), d.model().name(), d, false));
        }
        return new ServedModels(entries);
    }

    public Entry defaultModel() {
        return entries.get(0);
    }

    public List<Entry> all() {
        return entries;
    }

    /** A model by its own name or its serving name; the default model for an empty name. */
    public Optional<Entry> find(String name) {
        if (name == null || name.isBlank()) {
            return Optional.of(defaultModel());
        }
        return Optional.ofNullable(byAnyName.get(name.trim()));
    }

    /** The names a user may ask for, for error messages. */
    public String describeNames() {
        return String.join(", ", byAnyName.keySet());
    }
}
