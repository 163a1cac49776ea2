package dev.halfday.app.common;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.halfday.engine.util.AppDirs;
import dev.halfday.engine.util.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads and writes the app's settings file: a flat JSON object of string values, under
 * {@link AppDirs#config()}. Writes are atomic (temp file, then move), so a crash mid-save leaves the previous
 * file intact. A file that cannot be parsed is moved aside (nothing is lost) and the app starts on defaults.
 */
public final class SettingsStore {

    public static final String FILE_NAME = "app-settings.json";

    private static final Logger log = LoggerFactory.getLogger(SettingsStore.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * What was read.
     *
     * @param values  the stored values (empty when the file is missing or unreadable)
     * @param problem why the file was not used; empty when all went well
     */
    public record Loaded(Map<String, String> values, Optional<Problem> problem) {
    }

    /**
     * Why the stored settings were not used.
     *
     * @param damaged true when the file was read but is not a settings file (then it was moved aside to
     *                {@code keptAs}); false when it could not be read at all
     * @param keptAs  where the damaged file now is, or null if it could not be moved
     * @param detail  the underlying error, for the log and the curious
     */
    public record Problem(boolean damaged, Path keptAs, String detail) {
    }

    private final Path file;

    public SettingsStore(Path file) {
        this.file = file;
    }

    /** The store in the user's config folder. */
    public static SettingsStore standard() {
        return new SettingsStore(AppDirs.config().resolve(FILE_NAME));
    }

    public Path file() {
        return file;
    }

    public Loaded load() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new Loaded(Map.of(), Optional.empty());
        } catch (IOException e) {
            log.warn("cannot read settings {}", file, e);
            return new Loaded(Map.of(), Optional.of(new Problem(false, null, String.valueOf(e.getMessage()))));
        }
        try {
            Map<String, Object> raw = JSON.readValue(bytes, new TypeReference<TreeMap<String, Object>>() {
            });
            if (raw == null) {
                throw new IOException("the file is empty");
            }
            Map<String, String> values = new TreeMap<>();
            raw.forEach((k, v) -> {
                if (v != null && !(v instanceof Map) && !(v instanceof Iterable)) {
                    values.put(k, String.valueOf(v));
                }
            });
            return new Loaded(values, Optional.empty());
        } catch (IOException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt");
            Path keptAs;
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
                keptAs = aside;
            } catch (IOException moveFailed) {
                keptAs = null;
            }
            log.warn("settings file {} is not valid JSON ({}); starting with defaults (kept as {})", file,
                    e.getMessage(), keptAs);
            return new Loaded(Map.of(), Optional.of(new Problem(true, keptAs, String.valueOf(e.getMessage()))));
        }
    }

    public void save(Map<String, String> values) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(new TreeMap<>(values));
        AtomicFiles.writePrivate(file, bytes);
    }
}
