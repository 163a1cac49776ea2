package dev.halfday.engine.detect.tfjs;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.halfday.engine.util.AppDirs;
import dev.halfday.engine.util.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.proto.GraphDef;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Keeps converted graphs on disk so only the first start pays for the conversion: {@code <dir>/<key>.pb} holds
 * the GraphDef, {@code <key>.pb.crc32c} its checksum. Both are written atomically; a file whose checksum does
 * not match (a crash mid-write, a disk error, someone editing it) is logged, converted again and replaced.
 * The key is a SHA-256 of the model files; the checksum only guards against damage, so it is CRC32C, which
 * costs a few milliseconds at start-up where SHA-256 of the 4 MB graph costs over a hundred.
 */
public final class ConvertedGraphCache {

    private static final Logger LOG = LoggerFactory.getLogger(ConvertedGraphCache.class);

    /** What {@link #load} did, for tests and logs. */
    public enum Outcome {
        HIT,
        MISS,
        REBUILT_CORRUPT
    }

    /** A converted model and how it was obtained. */
    public record Loaded(ConvertedModel model, Outcome outcome, Path file) {
    }

    private final Path dir;

    public ConvertedGraphCache(Path dir) {
        this.dir = dir;
    }

    /** The user's cache: {@code AppDirs.cache()/models}. */
    public static ConvertedGraphCache standard() {
        return new ConvertedGraphCache(AppDirs.cache().resolve("models"));
    }

    public Path dir() {
        return dir;
    }

    public Path fileFor(String key) {
        return dir.resolve(key + ".pb");
    }

    public Loaded load(TfjsGraphModel model) throws IOException {
        String key = TfjsGraphConverter.cacheKey(model);
        Path file = fileFor(key);
        Outcome outcome = Outcome.MISS;
        try {
            GraphDef cached = readVerified(file);
            return new Loaded(new ConvertedModel(cached, model.signatureInputs(), model.signatureOutputs(), key),
                    Outcome.HIT, file);
        } catch (NoSuchFileException e) {
            LOG.info("no converted graph cached for {}; converting", model.location());
        } catch (IOException e) {
            LOG.warn("cannot read the graph cache at {} ({}); converting", file, e.toString());
        } catch (CorruptCacheException e) {
            LOG.warn("cached graph {} is damaged ({}); converting again", file, e.getMessage());
            outcome = Outcome.REBUILT_CORRUPT;
        }
        ConvertedModel converted = TfjsGraphConverter.convert(model);
        write(file, converted.graphDef());
        return new Loaded(converted, outcome, file);
    }

    private static GraphDef readVerified(Path file) throws IOException, CorruptCacheException {
        byte[] bytes = Files.readAllBytes(file);
        Path checksumFile = checksumFile(file);
        if (!Files.exists(checksumFile)) {
            throw new CorruptCacheException("its checksum file is missing");
        }
        String expected = Files.readString(checksumFile, StandardCharsets.US_ASCII).trim();
        if (!expected.equals(checksum(bytes))) {
            throw new CorruptCacheException("its checksum does not match");
        }
        try {
            return GraphDef.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new CorruptCacheException("it is not a GraphDef: " + e.getMessage());
        }
    }

    private static void write(Path file, GraphDef graph) {
        byte[] bytes = graph.toByteArray();
        try {
            AtomicFiles.write(file, bytes);
            AtomicFiles.write(checksumFile(file), (checksum(bytes) + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // A cache that cannot be written (read-only home, full disk) only costs the next start some time.
            LOG.warn("could not cache the converted graph at {}: {}", file, e.toString());
        }
    }

    static Path checksumFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".crc32c");
    }

    private static String checksum(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return String.format("%08x", crc.getValue());
    }

    private static final class CorruptCacheException extends Exception {
        CorruptCacheException(String message) {
            super(message);
        }
    }
}
