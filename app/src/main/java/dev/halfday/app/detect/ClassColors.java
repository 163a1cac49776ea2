package dev.halfday.app.detect;

import javafx.scene.paint.Color;

/**
 * One colour per class, the same hues as the engine's annotated PNGs (hues spread by the golden ratio), so a box
 * on screen and in a saved image look alike.
 */
final class ClassColors {

    private ClassColors() {
    }

    static Color of(int classIndex) {
        double hue = (Math.max(0, classIndex) * 0.6180339887) % 1.0;
        return Color.hsb(hue * 360, 0.8, 0.95);
    }

    /** Black or white text, whichever reads better on the class colour (WCAG relative luminance). */
    static Color textOn(Color background) {
        double l = 0.2126 * linear(background.getRed()) + 0.7152 * linear(background.getGreen())
                + 0.0722 * linear(background.getBlue());
        return l > 0.179 ? Color.BLACK : Color.WHITE;
    }

    static String css(Color c) {
        return String.format(java.util.Locale.ROOT, "#%02x%02x%02x",
                (int) Math.round(c.getRed() * 255), (int) Math.round(c.getGreen() * 255),
                (int) Math.round(c.getBlue() * 255));
    }

    private static double linear(double c) {
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
}
