package dev.halfday.engine.image;

import dev.halfday.engine.testing.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Every kind of good and bad input, with committed fixtures made by tools/fixtures/make-image-fixtures.sh. */
class ImageDecoderTest {

    private final ImageDecoder decoder = ImageDecoder.standard();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "empty.jpg       | EMPTY        | not an image: the file is empty",
            "notes.jpg       | NOT_AN_IMAGE | not an image: the file contains text",
            "truncated.png   | CORRUPT      | truncated PNG image: the file ends before the picture does",
            "truncated.jpg   | CORRUPT      | truncated JPEG image: the file ends before the picture does",
            "huge-header.png | TOO_LARGE    | image too large: 30000×30000 pixels, the limit is 40 megapixels",
    })
    void badFilesAreRefusedInPlainWords(String file, ImageRejectedException.Reason reason, String message) {
        ImageRejectedException e = catchThrowableOfType(ImageRejectedException.class,
                () -> decoder.decode(Samples.fixture(file)));
        assertThat(e).as(file).isNotNull();
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.getMessage()).startsWith(message);
    }

    @Test
    void hugeHeaderIsRefusedFromItsHeaderBeforePixelsAreAllocated() throws Exception {
        // 30000×30000 RGB would need 2.7 GB. Refused by the header check: a plain message naming the size, and no
        // cause — reading the pixels would have failed differently ("too large to decode in the memory
        // available", with the OutOfMemoryError as its cause) or succeeded.
        byte[] png = Files.readAllBytes(Samples.fixture("huge-header.png"));
        ImageRejectedException e = catchThrowableOfType(ImageRejectedException.class, () -> decoder.decode(png));
        assertThat(e).isNotNull();
        assertThat(e.reason()).isEqualTo(ImageRejectedException.Reason.TOO_LARGE);
        assertThat(e).hasMessage("image too large: 30000×30000 pixels, the limit is 40 megapixels").hasNoCause();
    }

    @Test
    void pixelLimitIsConfigurableAndSaidSensibly() {
        assertThatThrownBy(() -> new ImageDecoder(10_000).decode(Samples.fixture("coffee-160.png")))
                .isInstanceOf(ImageRejectedException.class)
                .hasMessage("image too large: 160×107 pixels, the limit is 10,000 pixels");
        assertThatThrownBy(() -> new ImageDecoder(2_500).decode(Samples.fixture("coffee-160.png")))
                .hasMessageEndingWith("the limit is 2,500 pixels");
    }

    @Test
    void pixelCountsReadWellAtEveryScale() {
        assertThat(PixelCounts.describe(1)).isEqualTo("1 pixel");
        assertThat(PixelCounts.describe(999_999)).isEqualTo("999,999 pixels");
        assertThat(PixelCounts.describe(1_000_000)).isEqualTo("1 megapixel");
        assertThat(PixelCounts.describe(2_500_000)).isEqualTo("2.5 megapixels");
        assertThat(PixelCounts.describe(12_345_678)).isEqualTo("12.3 megapixels");
        assertThat(PixelCounts.describe(40_000_000)).isEqualTo("40 megapixels");
        assertThat(PixelCounts.describe(40_000_000, dev.halfday.engine.i18n.Language.ZH)).isEqualTo("40 百万像素");
        assertThat(PixelCounts.describe(10_000, dev.halfday.engine.i18n.Language.ZH)).isEqualTo("10,000 像素");
    }

    @Test
    void missingFilesAndFoldersAreIoErrorsNotImageErrors() {
        assertThatThrownBy(() -> decoder.decode(Path.of("no-such-file.png"))).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> decoder.decode(Path.of("src"))).hasMessageContaining("is a folder");
    }

    @Test
    void rgbPngAndJpegDecodeToRgb() throws Exception {
        DecodedImage png = decoder.decode(Samples.photo("coffee.png"));
        assertThat(png.format()).isEqualTo("png");
        assertThat(png.width()).isEqualTo(600);
        assertThat(png.height()).isEqualTo(400);
        assertThat(png.decodeMs()).isPositive();
        DecodedImage jpeg = decoder.decode(Samples.photo("rocket.jpg"));
        assertThat(jpeg.format()).isEqualTo("jpeg");
        assertThat(jpeg.width()).isEqualTo(640);
        assertThat(jpeg.height()).isEqualTo(427);
        for (DecodedImage d : new DecodedImage[] {png, jpeg}) {
            assertThat(d.image().getType()).isIn(BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_3BYTE_BGR);
        }
    }

    @Test
    void sixteenBitPngMatchesTheEightBitOne() throws Exception {
        BufferedImage reference = decoder.decode(Samples.fixture("coffee-160.png")).image();
        BufferedImage deep = decoder.decode(Samples.fixture("rgb16.png")).image();
        assertThat(maxChannelDifference(deep, reference)).isLessThanOrEqualTo(1);
    }

    @Test
    void palettePngLooksLikeThePhoto() throws Exception {
        BufferedImage reference = decoder.decode(Samples.fixture("coffee-160.png")).image();
        BufferedImage palette = decoder.decode(Samples.fixture("palette.png")).image();
        assertThat(meanChannelDifference(palette, reference)).isLessThan(8);
    }

    @Test
    void grayImagesKeepTheirBrightness() throws Exception {
        BufferedImage gray8 = decoder.decode(Samples.fixture("gray.png")).image();
        BufferedImage gray16 = decoder.decode(Samples.fixture("gray16.png")).image();
        BufferedImage grayJpeg = decoder.decode(Samples.fixture("gray.jpg")).image();
        BufferedImage colour = decoder.decode(Samples.fixture("coffee-160.png")).image();
        int rgb = gray8.getRGB(80, 50);
        assertThat((rgb >> 16) & 0xff).isEqualTo(rgb & 0xff).isEqualTo((rgb >> 8) & 0xff);
        // A linear-gamma conversion (Java2D's default for gray) would brighten mid-tones by ~50 levels.
        assertThat(maxChannelDifference(gray16, gray8)).isLessThanOrEqualTo(1);
        assertThat(meanChannelDifference(grayJpeg, gray8)).isLessThan(3);
        assertThat(Math.abs(meanLevel(gray8) - meanLevel(colour))).isLessThan(8);
    }

    @Test
    void transparentPixelsBecomeWhite() throws Exception {
        BufferedImage alpha = decoder.decode(Samples.fixture("alpha.png")).image();
        BufferedImage reference = decoder.decode(Samples.fixture("coffee-160.png")).image();
        assertThat(alpha.getRGB(10, 50) & 0xffffff).isEqualTo(0xffffff);
        assertThat(alpha.getRGB(40, 100) & 0xffffff).isEqualTo(0xffffff);
        assertThat(maxChannelDifference(alpha.getSubimage(80, 0, 80, 107), reference.getSubimage(80, 0, 80, 107)))
                .as("the opaque half is the photo").isLessThanOrEqualTo(2);
    }

    @Test
    void cmykJpegIsConvertedToRgb() throws Exception {
        DecodedImage cmyk = decoder.decode(Samples.fixture("cmyk.jpg"));
        assertThat(cmyk.width()).isEqualTo(160);
        assertThat(cmyk.height()).isEqualTo(106);
        BufferedImage photo = decoder.decode(Samples.photo("chelsea.png")).image();
        // Same cat: average colour within a few levels per channel (inverted or raw CMYK would be far off).
        int[] a = meanRgb(cmyk.image());
        int[] b = meanRgb(photo);
        for (int c = 0; c < 3; c++) {
            assertThat(Math.abs(a[c] - b[c])).as("channel %d: %d vs %d", c, a[c], b[c]).isLessThan(20);
        }
    }

    @Test
    void animatedGifGivesItsFirstFrame() throws Exception {
        DecodedImage gif = decoder.decode(Samples.fixture("animated.gif"));
        assertThat(gif.format()).isEqualTo("gif");
        assertThat(gif.width()).isEqualTo(64);
        assertThat(gif.image().getRGB(10, 10) & 0xffffff).isEqualTo(0xff0000);
        assertThat(gif.image().getRGB(63, 47) & 0xffffff).isEqualTo(0xff0000);
    }

    @Test
    void exifOrientationSixIsShownTurnedClockwise() throws Exception {
        // Stored 400×600 (coffee.png turned counter-clockwise), orientation 6: displayed as coffee.png.
        DecodedImage turned = decoder.decode(Samples.fixture("orientation6.jpg"));
        assertThat(turned.width()).isEqualTo(600);
        assertThat(turned.height()).isEqualTo(400);
        BufferedImage upright = decoder.decode(Samples.photo("coffee.png")).image();
        assertThat(meanChannelDifference(turned.image(), upright)).isLessThan(4);
    }

    @Test
    void bytesDecodeLikeFiles() throws Exception {
        byte[] bytes = Files.readAllBytes(Samples.fixture("orientation6.jpg"));
        DecodedImage d = decoder.decode(bytes);
        assertThat(d.width()).isEqualTo(600);
        assertThatThrownBy(() -> decoder.decode(new byte[0])).hasMessage("not an image: the file is empty");
        assertThatThrownBy(() -> decoder.decode("RIFF0000WEBPVP8 ".getBytes()))
                .hasMessageStartingWith("unsupported image format: WebP");
    }

    @Test
    void toRgbKeepsRgbImagesAndConvertsOthers() {
        BufferedImage rgb = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        assertThat(ImageDecoder.toRgb(rgb)).isSameAs(rgb);
        BufferedImage argb = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(1, 1, 0xff102030);
        BufferedImage converted = ImageDecoder.toRgb(argb);
        assertThat(converted.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(converted.getRGB(1, 1) & 0xffffff).isEqualTo(0x102030);
        assertThat(converted.getRGB(0, 0) & 0xffffff).isEqualTo(0xffffff);
    }

    static int maxChannelDifference(BufferedImage a, BufferedImage b) {
        assertThat(a.getWidth()).isEqualTo(b.getWidth());
        assertThat(a.getHeight()).isEqualTo(b.getHeight());
        int max = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int s = 0; s < 24; s += 8) {
                    max = Math.max(max, Math.abs(((p >> s) & 0xff) - ((q >> s) & 0xff)));
                }
            }
        }
        return max;
    }

    static double meanChannelDifference(BufferedImage a, BufferedImage b) {
        assertThat(a.getWidth()).isEqualTo(b.getWidth());
        assertThat(a.getHeight()).isEqualTo(b.getHeight());
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int s = 0; s < 24; s += 8) {
                    sum += Math.abs(((p >> s) & 0xff) - ((q >> s) & 0xff));
                }
            }
        }
        return sum / (3.0 * a.getWidth() * a.getHeight());
    }

    private static int[] meanRgb(BufferedImage img) {
        long[] sum = new long[3];
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                sum[0] += (p >> 16) & 0xff;
                sum[1] += (p >> 8) & 0xff;
                sum[2] += p & 0xff;
            }
        }
        long n = (long) img.getWidth() * img.getHeight();
        return new int[] {(int) (sum[0] / n), (int) (sum[1] / n), (int) (sum[2] / n)};
    }

    /** Mean Rec. 601 luma, to compare a gray image with its colour original. */
    private static double meanLevel(BufferedImage img) {
        int[] m = meanRgb(img);
        return 0.299 * m[0] + 0.587 * m[1] + 0.114 * m[2];
    }
}
