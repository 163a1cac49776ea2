package dev.halfday.engine.gan.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.halfday.engine.image.ImageDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderDatasetTest {

    @TempDir
    Path dir;

    @Test
    void loadsEveryPictureAsA64PixelSquareAndSkipsACorruptOneWithTheReason() throws IOException {
        SamplePhotos.copyTo(dir);
        byte[] jpeg = Files.readAllBytes(dir.resolve("more/rocket.jpg"));
        Files.write(dir.resolve("broken.jpg"), java.util.Arrays.copyOf(jpeg, 40)); // a cut-off download
        Files.writeString(dir.resolve("notes.txt"), "not a picture, not a candidate");

        int[] progress = new int[2];
        ImageDataset data = ImageFolderDataset.load(dir, 64, ImageDecoder.standard(), (done, total) -> {
            progress[0] = done;
            progress[1] = total;
        });

        assertThat(data.size()).isEqualTo(5);
        assertThat(data.width()).isEqualTo(64);
        assertThat(data.channels()).isEqualTo(3);
        assertThat(progress).containsExactly(6, 6);
        assertThat(data.skipped()).singleElement().satisfies(s -> {
            assertThat(s.file()).isEqualTo("broken.jpg");
            assertThat(s.reason()).isNotBlank();
        });
        assertThat(data.description()).contains("1 skipped");
        // the cat photo (chelsea) is mostly warm brown: red above blue on average
        byte[] cat = new byte[64 * 64 * 3];
        data.copyPixels(1, cat, 0);
        long red = 0;
        long blue = 0;
        for (int i = 0; i < cat.length; i += 3) {
            red += cat[i] & 0xff;
            blue += cat[i + 2] & 0xff;
        }
        assertThat(red).isGreaterThan(blue);
    }

    @Test
    void aFolderWithoutUsablePicturesIsAClearError() throws IOException {
        Files.writeString(dir.resolve("a.png"), "text pretending to be a PNG");
        assertThatThrownBy(() -> ImageFolderDataset.load(dir, 64, ImageDecoder.standard(), null))
                .isInstanceOf(IOException.class).hasMessageContaining("none of the 1 pictures");
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThatThrownBy(() -> ImageFolderDataset.load(empty, 64, ImageDecoder.standard(), null))
                .hasMessageContaining("no JPEG or PNG pictures");
    }
}
