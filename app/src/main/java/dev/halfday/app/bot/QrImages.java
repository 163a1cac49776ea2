package dev.halfday.app.bot;

import dev.halfday.engine.bot.QrCodes;
import javafx.scene.image.Image;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;

/** Draws a QR code as a crisp JavaFX image (whole pixels per module, so it scans from a screen). */
final class QrImages {

    private QrImages() {
    }

    static Image of(String content, int targetSize) {
        boolean[][] m = QrCodes.modules(content, 4);
        int scale = Math.max(1, targetSize / m.length);
        WritableImage img = new WritableImage(m.length * scale, m.length * scale);
        PixelWriter w = img.getPixelWriter();
        for (int y = 0; y < m.length * scale; y++) {
            for (int x = 0; x < m.length * scale; x++) {
                w.setColor(x, y, m[y / scale][x / scale] ? Color.BLACK : Color.WHITE);
            }
        }
        return img;
    }
}
