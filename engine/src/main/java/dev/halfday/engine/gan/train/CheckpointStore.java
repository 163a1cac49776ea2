package dev.halfday.engine.gan.train;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.halfday.engine.util.FileTrees;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints of one run, one folder each ({@code step-000001500/}): the TF variables ({@code model.index},
 * {@code model.data-*}: weights, Adam slots and powers, batch-norm statistics), {@code state.json} and
 * {@code history.bin}. A checkpoint is written into a hidden temporary folder and renamed into place in one
 * step, so a crash, a kill or a full disk mid-save leaves the previous checkpoints intact and never a
 * half-written one under a real name.
 */
public final class CheckpointStore {

    public static final String MODEL_PREFIX = "model";
    public static final String STATE_FILE = "state.json";
    public static final String HISTORY_FILE = "history.bin";
    private static final Pattern NAME = Pattern.compile("step-(\\d{9})");
    private static final Logger log = LoggerFactory.getLogger(CheckpointStore.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Writes the TF variables under the given prefix (inside the temporary folder). */
    @FunctionalInterface
    public interface ModelWriter {
        void save(Path prefix) throws IOException;
    }

    /** A complete checkpoint on disk. */
    public record Checkpoint(Path directory, RunState state) {
        public long step() {
            return state.step();
        }

        /** The prefix to pass to {@code Session.restore}. */
        public Path modelPrefix() {
            return directory.resolve(MODEL_PREFIX);
        }

        public MetricsHistory readHistory() throws IOException {
            Path file = directory.resolve(HISTORY_FILE);
            if (!Files.exists(file)) {
                return new MetricsHistory();
            }
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
                return MetricsHistory.readFrom(in);
            }
        }
    }

    private final Path root;

    /** @param root the run's {@code checkpoints/} folder (created when first needed) */
    public CheckpointStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** Saves a checkpoint and returns its folder. Replaces an existing checkpoint of the same step. */
    public Path save(RunState state, MetricsHistory history, ModelWriter model) throws IOException {
        Files.createDirectories(root);
        Path target = root.resolve(name(state.step()));
        Path tmp = Files.createTempDirectory(root, ".tmp-" + name(state.step()) + "-");
        try {
            model.save(tmp.resolve(MODEL_PREFIX));
            try (OutputStream out = Files.newOutputStream(tmp.resolve(STATE_FILE))) {
                JSON.writeValue(out, state);
            }
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                    Files.newOutputStream(tmp.resolve(HISTORY_FILE))))) {
                history.writeTo(out);
            }
            Path old = null;
            if (Files.exists(target)) {
                old = root.resolve(".old-" + target.getFileName() + "-" + System.nanoTime());
                move(target, old);
            }
            move(tmp, target);
            tmp = null;
            if (old != null) {
                FileTrees.deleteRecursively(old);
            }
            return target;
        } finally {
            if (tmp != null) {
                FileTrees.deleteRecursively(tmp);
            }
        }
    }

    /** Complete checkpoints, oldest first. */
    public List<Checkpoint> list() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<Checkpoint> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                Matcher m = NAME.matcher(dir.getFileName().toString());
                if (m.matches() && Files.exists(dir.resolve(STATE_FILE))) {
                    try {
                        out.add(new Checkpoint(dir, readState(dir)));
                    } catch (IOException e) {
                        log.warn("ignoring unreadable checkpoint {}: {}", dir, e.getMessage());
                    }
                }
            }
        }
        out.sort(Comparator.comparingLong(Checkpoint::step));
        return out;
    }

    public Optional<Checkpoint> latest() throws IOException {
        List<Checkpoint> all = list();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Deletes all but the newest {@code keep} checkpoints, and leftovers of interrupted saves. */
    public void prune(int keep) throws IOException {
        List<Checkpoint> all = list();
        for (int i = 0; i < all.size() - keep; i++) {
            FileTrees.deleteRecursively(all.get(i).directory());
        }
        if (Files.isDirectory(root)) {
            try (Stream<Path> dirs = Files.list(root)) {
                for (Path dir : dirs.toList()) {
                    String n = dir.getFileName().toString();
                    if (n.startsWith(".tmp-") || n.startsWith(".old-")) {
                        FileTrees.deleteRecursively(dir);
                    }
                }
            }
        }
    }

    /**
     * Finds a checkpoint from what a user typed: a checkpoint folder, a run's {@code checkpoints/} folder or the
     * run folder itself (the newest checkpoint is taken in the last two cases).
     */
    public static Checkpoint open(Path path) throws IOException {
        if (Files.exists(path.resolve(STATE_FILE))) {
            return new Checkpoint(path, readState(path));
        }
        for (Path candidate : List.of(path.resolve("checkpoints"), path)) {
            Optional<Checkpoint> latest = new CheckpointStore(candidate).latest();
            if (latest.isPresent()) {
                return latest.get();
            }
        }
        throw new IOException("no checkpoint in " + path + " (expected a step-NNNNNNNNN folder with " + STATE_FILE
                + ", or a run folder with checkpoints/)");
    }

    static RunState readState(Path dir) throws IOException {
        try (InputStream in = Files.newInputStream(dir.resolve(STATE_FILE))) {
            RunState state = JSON.readValue(in, RunState.class);
            if (state.format() != RunState.FORMAT) {
                throw new IOException("checkpoint format " + state.format() + " is not supported");
            }
            return state;
        }
    }

    static String name(long step) {
        return String.format("step-%09d", step);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }
}
