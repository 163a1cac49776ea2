package dev.halfday.engine.detect.tfjs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.Shape;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ConvertedGraphCacheTest {

    @TempDir
    Path tmp;

    private TfjsGraphModel tiny() throws Exception {
        return TfjsGraphModel.read(ModelFiles.folder(TinyTfjsModel.write(tmp.resolve("model"),
                TinyTfjsModel.MINUS_THREE)), "tiny.json");
    }

    @Test
    void firstLoadConvertsAndWritesThenTheNextLoadReadsTheFile() throws Exception {
        ConvertedGraphCache cache = new ConvertedGraphCache(tmp.resolve("cache"));
        ConvertedGraphCache.Loaded first = cache.load(tiny());
        assertThat(first.outcome()).isEqualTo(ConvertedGraphCache.Outcome.MISS);
        assertThat(first.file()).exists().hasFileName(TfjsGraphConverter.cacheKey(tiny()) + ".pb");
        assertThat(ConvertedGraphCache.checksumFile(first.file())).exists();

        ConvertedGraphCache.Loaded second = cache.load(tiny());
        assertThat(second.outcome()).isEqualTo(ConvertedGraphCache.Outcome.HIT);
        assertThat(second.model().graphDef()).isEqualTo(first.model().graphDef());
        assertThat(second.model().inputName()).isEqualTo("x");
        assertThat(TfjsGraphConverterTest.run(second.model().graphDef(), "x", "out",
                new float[] {1f, 2f, 3f, 0.5f}, Shape.of(1, 2, 2, 1))).containsExactly(new float[] {0f, 1f, 3f, 0f},
                within(1e-6f));
        try (var files = Files.list(cache.dir())) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temp files left").allMatch(
                    n -> n.endsWith(".pb") || n.endsWith(".crc32c"));
        }
    }

    @Test
    void aDamagedCacheFileIsDetectedAndRebuilt() throws Exception {
        ConvertedGraphCache cache = new ConvertedGraphCache(tmp.resolve("cache"));
        Path file = cache.load(tiny()).file();
        byte[] good = Files.readAllBytes(file);

        // Cut in half, as a crash mid-copy or a full disk would leave it.
        Files.write(file, java.util.Arrays.copyOf(good, good.length / 2));
        ConvertedGraphCache.Loaded rebuilt = cache.load(tiny());
        assertThat(rebuilt.outcome()).isEqualTo(ConvertedGraphCache.Outcome.REBUILT_CORRUPT);
        assertThat(Files.readAllBytes(file)).isEqualTo(good);
        assertThat(cache.load(tiny()).outcome()).isEqualTo(ConvertedGraphCache.Outcome.HIT);

        // One flipped byte that still parses as protobuf: only the checksum notices.
        byte[] flipped = good.clone();
        flipped[flipped.length - 3] ^= 0x01;
        Files.write(file, flipped);
        assertThat(cache.load(tiny()).outcome()).isEqualTo(ConvertedGraphCache.Outcome.REBUILT_CORRUPT);

        // Checksum file lost.
        Files.delete(ConvertedGraphCache.checksumFile(file));
        assertThat(cache.load(tiny()).outcome()).isEqualTo(ConvertedGraphCache.Outcome.REBUILT_CORRUPT);
        assertThat(cache.load(tiny()).outcome()).isEqualTo(ConvertedGraphCache.Outcome.HIT);
    }

    @Test
    void changedModelFilesGetTheirOwnCacheEntry() throws Exception {
        ConvertedGraphCache cache = new ConvertedGraphCache(tmp.resolve("cache"));
        Path first = cache.load(tiny()).file();
        TfjsGraphModel changed = TfjsGraphModel.read(ModelFiles.folder(TinyTfjsModel.write(tmp.resolve("model2"),
                (short) 0xC400)), "tiny.json");
        ConvertedGraphCache.Loaded other = cache.load(changed);
        assertThat(other.outcome()).isEqualTo(ConvertedGraphCache.Outcome.MISS);
        assertThat(other.file()).isNotEqualTo(first);
    }

    @Test
    void anUnwritableCacheOnlyCostsTime() throws Exception {
        Path blocker = tmp.resolve("not-a-dir");
        Files.writeString(blocker, "a file where the cache folder should be");
        ConvertedGraphCache cache = new ConvertedGraphCache(blocker.resolve("models"));
        ConvertedGraphCache.Loaded loaded = cache.load(tiny());
        assertThat(loaded.outcome()).isEqualTo(ConvertedGraphCache.Outcome.MISS);
        assertThat(loaded.model().inputName()).isEqualTo("x");
    }
}
