package dev.halfday.app.common;

import javafx.scene.text.Font;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;

/**
 * Makes Chinese text render on any machine: loads the bundled CJK font (resources/fonts) into JavaFX, so labels
 * never show as empty boxes where no CJK font is installed.
 */
public final class Fonts {

    /** The family name of the bundled CJK font, for stylesheets. */
    public static final String CJK_FAMILY = "Droid Sans Fallback";
    private static final String RESOURCE = "/halfday/resources/fonts/DroidSansFallback.ttf";
    private static final Logger log = LoggerFactory.getLogger(Fonts.class);
    private static volatile boolean loaded;

    private Fonts() {
    }

    public static synchronized void loadBundled() {
        if (loaded) {
            return;
        }
        try (InputStream in = Fonts.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                log.warn("bundled CJK font {} is missing; Chinese may not render", RESOURCE);
                return;
            }
            Font font = Font.loadFont(in, 13);
            if (font == null) {
                log.warn("JavaFX could not load the bundled CJK font");
            } else {
                log.debug("loaded font {}", font.getFamily());
            }
            loaded = true;
        } catch (IOException e) {
            log.warn("cannot read the bundled CJK font", e);
        }
    }
}
