package dev.halfday.app.gan;

import dev.halfday.engine.gan.train.SampleGrid;
import java.awt.image.BufferedImage;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/** Sample grids as JavaFX images. Safe to call off the FX thread (the image is not yet in a scene). */
final class FxImages {

    private FxImages() {
    }

    static WritableImage of(SampleGrid grid, int scale) {
        BufferedImage rendered = grid.toImage(scale);
        int w = rendered.getWidth();
        int h = rendered.getHeight();
        int[] argb = rendered.getRGB(0, 0, w, h, null, 0, w);
        WritableImage image = new WritableImage(w, h);
        image.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        return image;
    }
}
