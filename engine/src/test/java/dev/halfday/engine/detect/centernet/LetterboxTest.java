package dev.halfday.engine.detect.centernet;

import dev.halfday.engine.detect.BoundingBox;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LetterboxTest {

    @Test
    void wideImageIsScaledToTheWidthAndPaddedAboveAndBelow() {
        Letterbox lb = Letterbox.of(600, 400, 512);
        assertThat(lb.resizedWidth()).isEqualTo(512);
        assertThat(lb.resizedHeight()).isEqualTo(341); // 400 · 512/600 = 341.33
        assertThat(lb.padX()).isZero();
        assertThat(lb.padY()).isEqualTo(85);            // (512 − 341) / 2
    }

    @Test
    void tallImageIsPaddedLeftAndRight() {
        Letterbox lb = Letterbox.of(300, 1200, 512);
        assertThat(lb.resizedWidth()).isEqualTo(128);
        assertThat(lb.resizedHeight()).isEqualTo(512);
        assertThat(lb.padX()).isEqualTo(192);
        assertThat(lb.padY()).isZero();
    }

    @Test
    void boxesMapBackToSourcePixelsAndAreClipped() {
        Letterbox lb = Letterbox.of(1024, 512, 512); // scale 0.5, padY 128
        BoundingBox b = lb.toSource(100, 128, 200, 256);
        assertThat(b.x1()).isCloseTo(200f, within(1e-3f));
        assertThat(b.y1()).isCloseTo(0f, within(1e-3f));
        assertThat(b.x2()).isCloseTo(400f, within(1e-3f));
        assertThat(b.y2()).isCloseTo(256f, within(1e-3f));
        BoundingBox outside = lb.toSource(-10, 100, 600, 500); // into the padding and past the edges
        assertThat(outside).isEqualTo(new BoundingBox(0f, 0f, 1024f, 512f));
    }

    @Test
    void fillPutsTheImageInTheCentreOnABlackCanvas() {
        BufferedImage image = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(10, 200, 30));
        g.fillRect(0, 0, 200, 100);
        g.dispose();
        Letterbox lb = Letterbox.of(200, 100, 64); // 64×32 centred, 16 rows of padding above and below
        float[] out = new float[64 * 64 * 3];
        java.util.Arrays.fill(out, 7f); // fill must clear what a previous image left
        lb.fill(image, out);
        assertThat(pixel(out, 64, 10, 5)).containsExactly(0f, 0f, 0f);
        assertThat(pixel(out, 64, 10, 16)).containsExactly(10f, 200f, 30f);
        assertThat(pixel(out, 64, 63, 47)).containsExactly(10f, 200f, 30f);
        assertThat(pixel(out, 64, 63, 48)).containsExactly(0f, 0f, 0f);
    }

    @Test
    void bilinearUsesHalfPixelCentresLikeTensorFlow() {
        // A 2×1 image [0, 100] upscaled to 4 wide: TF half-pixel gives 0, 25, 75, 100.
        BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_3BYTE_BGR);
        image.setRGB(0, 0, 0x000000);
        image.setRGB(1, 0, 0x646464);
        Letterbox lb = new Letterbox(2, 1, 4, 4, 1, 0, 0);
        float[] out = new float[4 * 4 * 3];
        lb.fill(image, out);
        assertThat(new float[] {out[0], out[3], out[6], out[9]}).containsExactly(0f, 25f, 75f, 100f);
    }

    private static float[] pixel(float[] out, int size, int x, int y) {
        int o = (y * size + x) * 3;
        return new float[] {out[o], out[o + 1], out[o + 2]};
    }
}
