package dev.halfday.engine.detect;

import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.font.TextAttribute;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.text.AttributedString;
import java.util.ArrayList;
import java.util.List;

/**
 * The bundled fonts that draw labels: DejaVu Sans Bold for Latin letters, digits and signs, Droid Sans Fallback
 * for Chinese. Neither covers both, so text is split into runs, each drawn by a font that has its glyphs: no
 * tofu boxes, and no dependence on the fonts installed on the machine (a server may have none).
 */
public final class LabelFonts {

    public static final String LATIN_RESOURCE = "/halfday/resources/fonts/DejaVuSans-Bold.ttf";
    public static final String CJK_RESOURCE = "/halfday/resources/fonts/DroidSansFallback.ttf";

    private static final class Holder {
        static final Font LATIN = load(LATIN_RESOURCE);
        static final Font CJK = load(CJK_RESOURCE);
    }

    /** A piece of text and the font that draws it. */
    public record Run(String text, Font font) {
    }

    private LabelFonts() {
    }

    public static Font latin() {
        return Holder.LATIN;
    }

    public static Font cjk() {
        return Holder.CJK;
    }

    /** Splits text into runs, each in the first bundled font that can display all of its characters. */
    public static List<Run> runs(String text, float size) {
        List<Run> runs = new ArrayList<>();
        int start = 0;
        Font current = null;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            Font f = fontFor(cp);
            if (current != null && f != current) {
                runs.add(new Run(text.substring(start, i), current.deriveFont(size)));
                start = i;
            }
            current = f;
            i += Character.charCount(cp);
        }
        if (current != null) {
            runs.add(new Run(text.substring(start), current.deriveFont(size)));
        }
        return runs;
    }

    /** The text with a font attribute per run, ready for a {@code TextLayout}. */
    public static AttributedString attributed(String text, float size) {
        AttributedString s = new AttributedString(text);
        int at = 0;
        for (Run run : runs(text, size)) {
            s.addAttribute(TextAttribute.FONT, run.font(), at, at + run.text().length());
            at += run.text().length();
        }
        return s;
    }

    private static Font fontFor(int codePoint) {
        if (Holder.LATIN.canDisplay(codePoint) || !Holder.CJK.canDisplay(codePoint)) {
            return Holder.LATIN;
        }
        return Holder.CJK;
    }

    /**
     * Loads a bundled font. A pending interrupt is set aside while loading: {@code Font.createFont} copies the
     * stream through an interruptible channel, and a failure here would poison the holder class for the rest of
     * the process (every later annotation would fail), while the interrupt was meant for the caller's own work.
     */
    static Font load(String resource) {
        boolean interrupted = Thread.interrupted();
        try (InputStream in = LabelFonts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing bundled font " + resource);
            }
            return Font.createFont(Font.TRUETYPE_FONT, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (FontFormatException e) {
            throw new IllegalStateException("bundled font " + resource + " is damaged", e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
