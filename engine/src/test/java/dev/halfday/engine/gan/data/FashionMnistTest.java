package dev.halfday.engine.gan.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {

    @TempDir
    Path dir;

    @Test
    void bundledSubsetHoldsTenThousandTrainingAndTwoThousandTestImagesWithLabels() throws IOException {
        FashionMnist.Labelled train = FashionMnist.bundledLabelled(FashionMnist.Split.TRAIN);
        FashionMnist.Labelled test = FashionMnist.bundledLabelled(FashionMnist.Split.TEST);
        assertThat(train.images().size()).isEqualTo(10_000);
        assertThat(test.images().size()).isEqualTo(2_000);
        assertThat(train.images().width()).isEqualTo(28);
        assertThat(train.images().channels()).isEqualTo(1);
        assertThat(train.labels()).hasSize(10_000);
        // Fashion-MNIST is balanced: every class appears, roughly a tenth each
        int[] counts = new int[10];
        for (byte label : train.labels()) {
            counts[label]++;
        }
        for (int c : counts) {
            assertThat(c).isBetween(800, 1200);
        }
        // real pictures, not blank: mean brightness of Fashion-MNIST is about 73/255
        byte[] pixels = new byte[28 * 28];
        long sum = 0;
        for (int i = 0; i < 100; i++) {
            train.images().copyPixels(i, pixels, 0);
            for (byte p : pixels) {
                sum += p & 0xff;
            }
        }
        assertThat(sum / (100.0 * 784)).isBetween(50.0, 100.0);
    }

    @Test
    void readsGzippedAndPlainIdxFilesFromAFolder() throws IOException {
        byte[] images = idx(new int[] {3, 28, 28}, 3 * 784, 0x0803);
        byte[] labels = idx(new int[] {3}, 3, 0x0801);
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(images));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), labels);
        FashionMnist.Labelled read = FashionMnist.read(dir, FashionMnist.Split.TRAIN);
        assertThat(read.images().size()).isEqualTo(3);
        byte[] second = new byte[784];
        read.images().copyPixels(1, second, 0);
        assertThat(second[0]).isEqualTo((byte) 784);
        assertThat(read.labels()).containsExactly(0, 1, 2);
        assertThat(FashionMnist.hasSplit(dir, FashionMnist.Split.TEST)).isFalse();
    }

    @Test
    void refusesFilesThatAreNotIdxOrAreCutShortInPlainWords() {
        assertThatThrownBy(() -> IdxFile.read(new ByteArrayInputStream("hello world, not IDX".getBytes()), "notes.txt"))
                .isInstanceOf(IOException.class).hasMessageContaining("notes.txt is not an IDX file");
        byte[] truncated = java.util.Arrays.copyOf(idx(new int[] {10, 28, 28}, 10 * 784, 0x0803), 16 + 784);
        assertThatThrownBy(() -> IdxFile.read(new ByteArrayInputStream(truncated), "short.idx"))
                .isInstanceOf(IOException.class).hasMessageContaining("truncated");
        byte[] huge = idx(new int[] {2_000_000, 28, 28}, 0, 0x0803);
        assertThatThrownBy(() -> IdxFile.read(new ByteArrayInputStream(huge), "huge.idx"))
                .isInstanceOf(IOException.class).hasMessageContaining("more than 1 GB");
    }

    @Test
    void refusesImagesOfTheWrongSize() throws IOException {
        Files.write(dir.resolve("train-images-idx3-ubyte"), idx(new int[] {2, 32, 32}, 2 * 1024, 0x0803));
        assertThatThrownBy(() -> FashionMnist.read(dir, FashionMnist.Split.TRAIN))
                .hasMessageContaining("expected 28×28 images");
    }

    @Test
    void parsesDatasetSpecsAndRejectsUnknownOnes() {
        assertThat(DatasetSpec.parse("fashion-mnist")).isEqualTo(new DatasetSpec.FashionMnistSpec(false));
        assertThat(DatasetSpec.parse("idx:/data/mnist")).isEqualTo(new DatasetSpec.IdxSpec(Path.of("/data/mnist")));
        assertThat(DatasetSpec.parse("folder:/photos").architecture())
                .isEqualTo(dev.halfday.engine.gan.Architecture.RGB_64);
        assertThatThrownBy(() -> DatasetSpec.parse("cifar")).hasMessageContaining("unknown dataset 'cifar'");
        assertThatThrownBy(() -> DatasetSpec.parse("idx:")).isInstanceOf(IllegalArgumentException.class);
    }

    /** An IDX file whose element i is (byte) i. */
    private static byte[] idx(int[] dims, int elements, int magic) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeInt(out, magic);
        for (int d : dims) {
            writeInt(out, d);
        }
        for (int i = 0; i < elements; i++) {
            out.write(i);
        }
        return out.toByteArray();
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(data);
        }
        return bytes.toByteArray();
    }
}
