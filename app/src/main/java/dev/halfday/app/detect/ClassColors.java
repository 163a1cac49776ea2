package dev.halfday.app.detect;

import dev.halfday.engine.detect.Annotator;
import javafx.scene.paint.Color;

import java.util.Locale;

/** One colour per class, taken from the engine's annotator so a box on screen and in a saved PNG look alike. */
final class ClassColors {

    private ClassColors() {
    }

    static Color of(int classIndex) {
        return fx(Annotator.classColor(classIndex));
    }

    /** Black or white text, whichever reads better on the class colour. */
    static Color textOn(int classIndex) {
        return fx(Annotator.textColorOn(Annotator.classColor(classIndex)));
    }

    static String css(Color c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", (int) Math.round(c.getRed() * 255),
                (int) Math.round(c.getGreen() * 255), (int) Math.round(c.getBlue() * 255));
    }

    private static Color fx(java.awt.Color c) {
        return Color.rgb(c.getRed(), c.getGreen(), c.getBlue());
    }
}
