package dev.halfday.engine.gan.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleGridTest {

    @TempDir
    Path dir;

    private static SampleGrid random(long step, int cell, int channels, long seed) {
        float[] images = new float[64 * cell * cell * channels];
        Random r = new Random(seed);
        for (int i = 0; i < images.length; i++) {
            images[i] = r.nextFloat() * 2.4f - 1.2f; // a little outside [-1, 1]: must clip
        }
        return SampleGrid.fromGenerator(step, 8, 8, cell, channels, images);
    }

    @Test
    void mapsGeneratorOutputToPixelsAndReadsBackFromItsPng() throws Exception {
        SampleGrid grid = SampleGrid.fromGenerator(5, 8, 8, 28, 1, new float[64 * 784]);
        assertThat(grid.pixels()[0] & 0xff).isEqualTo(128); // 0 → mid grey
        for (int channels : new int[] {1, 3}) {
            SampleGrid g = random(300, channels == 1 ? 28 : 64, channels, channels);
            int scale = g.defaultScale();
            Path png = dir.resolve("grid-" + channels + ".png");
            g.writePng(png, scale);
            BufferedImage read = ImageIO.read(png.toFile());
            SampleGrid back = SampleGrid.fromImage(300, read, 8, 8, g.cellSize(), channels, scale);
            assertThat(back.pixels()).isEqualTo(g.pixels());
        }
        BufferedImage wrong = new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB);
        assertThatThrownBy(() -> SampleGrid.fromImage(1, wrong, 8, 8, 28, 1, 2))
                .hasMessageContaining("not 100×100");
    }

    @Test
    void writesALoopingAnimatedGifWithOneFramePerGrid() throws Exception {
        Path gif = dir.resolve("evolution.gif");
        GridAnimation.writeGif(List.of(random(0, 28, 1, 1), random(100, 28, 1, 2), random(200, 28, 1, 3)), 2, 200, gif);
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            assertThat(reader.getNumImages(true)).isEqualTo(3);
            BufferedImage first = reader.read(0);
            assertThat(first.getWidth()).isEqualTo(8 * 58 + 2);
            String tree = new String(java.nio.file.Files.readAllBytes(gif), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(tree).contains("NETSCAPE2.0");
        }
    }
}
