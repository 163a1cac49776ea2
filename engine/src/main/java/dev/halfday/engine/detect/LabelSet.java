package dev.halfday.engine.detect;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The classes a model knows, in its output order, with English and Chinese names and COCO category ids. */
public final class LabelSet {

    /** The bundled COCO-80 table (resources/labels/coco80.tsv). */
    public static final String COCO80_RESOURCE = "/halfday/resources/labels/coco80.tsv";

    /**
     * @param index  0-based class index in model output order
     * @param cocoId 1-based COCO category id (with the standard gaps), as the TF Object Detection API numbers classes
     */
    public record Entry(int index, int cocoId, String en, String zh) {
    }

    private static volatile LabelSet coco80;

    private final List<Entry> entries;
    private final Map<Integer, Entry> byCocoId = new HashMap<>();
    private final Map<String, Entry> byName = new HashMap<>();

    private LabelSet(List<Entry> entries) {
        this.entries = List.copyOf(entries);
        for (Entry e : this.entries) {
            byCocoId.put(e.cocoId(), e);
            byName.put(e.en().toLowerCase(Locale.ROOT), e);
            byName.put(e.zh(), e);
        }
    }

    public static LabelSet coco80() {
        LabelSet result = coco80;
        if (result == null) {
            synchronized (LabelSet.class) {
                result = coco80;
                if (result == null) {
                    try (InputStream in = LabelSet.class.getResourceAsStream(COCO80_RESOURCE)) {
                        if (in == null) {
                            throw new IllegalStateException("missing resource " + COCO80_RESOURCE);
                        }
                        result = parse(in);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    coco80 = result;
                }
            }
        }
        return result;
    }

    /** Reads a tab-separated table: index, coco_id, en, zh; '#' lines and the header are skipped. */
    public static LabelSet parse(InputStream in) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#") || line.startsWith("index\t")) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f.length != 4) {
                    throw new IOException("bad label line (want index, coco_id, en, zh): " + line);
                }
                int index = Integer.parseInt(f[0].trim());
                if (index != entries.size()) {
                    throw new IOException("label indices must be 0, 1, 2, ... in order; got " + index);
                }
                entries.add(new Entry(index, Integer.parseInt(f[1].trim()), f[2].trim(), f[3].trim()));
            }
        }
        return new LabelSet(entries);
    }

    public int size() {
        return entries.size();
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The entry for a class index; an index outside the table gets a placeholder name, never an exception. */
    public Entry get(int index) {
        if (index >= 0 && index < entries.size()) {
            return entries.get(index);
        }
        return new Entry(index, index + 1, "class " + index, "类别 " + index);
    }

    public Optional<Entry> byCocoId(int cocoId) {
        return Optional.ofNullable(byCocoId.get(cocoId));
    }

    /** Looks a class up by English (case-insensitive) or Chinese name. */
    public Optional<Entry> byName(String name) {
        Entry e = byName.get(name.trim().toLowerCase(Locale.ROOT));
        return Optional.ofNullable(e != null ? e : byName.get(name.trim()));
    }
}
