package dev.halfday.engine.detect;

import dev.halfday.engine.i18n.Language;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.TextLayout;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Draws detections onto a copy of an image: a box per detection and a "label 87%" tag, one colour per class,
 * legible on light and dark images, Chinese included (bundled fonts, never tofu boxes).
 *
 * <p>Legibility on any background: each box is a class-coloured line with a thin dark outline on both sides,
 * and each tag is a filled class-coloured label with black or white text, whichever contrasts more. Line width
 * and text size grow with the image so a 4000-pixel photo is as readable as a 500-pixel one. Stateless and
 * thread-safe.
 */
public final class Annotator {

    private static final Color OUTLINE = new Color(20, 20, 20);

    public BufferedImage annotate(BufferedImage image, List<Detection> detections, Language language) {
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(image, 0, 0, Color.WHITE, null);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            int longSide = Math.max(w, h);
            float line = Math.max(2f, longSide / 300f);
            float textSize = Math.max(12f, Math.min(64f, longSide / 40f));
            // Weakest first, so the best detection's box and tag end up on top.
            List<Detection> order = new ArrayList<>(detections);
            order.sort(Comparator.comparingDouble(Detection::score));
            for (Detection d : order) {
                drawBox(g, d, line);
            }
            for (Detection d : order) {
                drawTag(g, d, tagText(d, language), textSize, line, w, h);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** The annotated image encoded as PNG. */
    public byte[] annotatePng(BufferedImage image, List<Detection> detections, Language language) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(annotate(image, detections, language), "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding failed in memory", e);
        }
        return bytes.toByteArray();
    }

    /** "person 87%" or "人 87%". */
    public static String tagText(Detection d, Language language) {
        return d.label(language) + " " + Math.round(d.score() * 100) + "%";
    }

    /** The colour of a class: hues spread by the golden ratio so neighbouring class indices look different. */
    public static Color classColor(int classIndex) {
        float hue = (float) ((Math.max(0, classIndex) * 0.6180339887) % 1.0);
        return Color.getHSBColor(hue, 0.8f, 0.95f);
    }

    /** Black or white, whichever reads better on {@code background} (WCAG relative luminance). */
    public static Color textColorOn(Color background) {
        double l = 0.2126 * linear(background.getRed()) + 0.7152 * linear(background.getGreen())
                + 0.0722 * linear(background.getBlue());
        // Contrast with black (l + 0.05) / 0.05 vs with white 1.05 / (l + 0.05): equal at l ≈ 0.179.
        return l > 0.179 ? Color.BLACK : Color.WHITE;
    }

    private static double linear(int channel) {
        double c = channel / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static void drawBox(Graphics2D g, Detection d, float line) {
        BoundingBox b = d.box();
        Rectangle2D.Float rect = new Rectangle2D.Float(b.x1(), b.y1(), b.width(), b.height());
        g.setStroke(new BasicStroke(line + 2f, BasicStroke.CAP_SQUARE, BasicStroke.JOIN_MITER));
        g.setColor(OUTLINE);
        g.draw(rect);
        g.setStroke(new BasicStroke(line, BasicStroke.CAP_SQUARE, BasicStroke.JOIN_MITER));
        g.setColor(classColor(d.classIndex()));
        g.draw(rect);
    }

    private static void drawTag(Graphics2D g, Detection d, String text, float size, float line, int w, int h) {
        TextLayout layout = new TextLayout(LabelFonts.attributed(text, size).getIterator(), g.getFontRenderContext());
        float padding = Math.max(2f, size / 5f);
        float tagW = (float) layout.getAdvance() + 2 * padding;
        float tagH = layout.getAscent() + layout.getDescent() + 2 * padding;
        BoundingBox b = d.box();
        float x = Math.max(0f, Math.min(b.x1() - line / 2, w - tagW));
        // Above the box when there is room, else just inside its top edge.
        float y = b.y1() - line / 2 - tagH >= 0 ? b.y1() - line / 2 - tagH : Math.max(0f, b.y1() + line / 2);
        y = Math.min(y, Math.max(0f, h - tagH));
        Rectangle2D.Float tag = new Rectangle2D.Float(x, y, tagW, tagH);
        Color color = classColor(d.classIndex());
        g.setColor(color);
        g.fill(tag);
        g.setStroke(new BasicStroke(1f));
        g.setColor(OUTLINE);
        g.draw(tag);
        g.setColor(textColorOn(color));
        layout.draw(g, x + padding, y + padding + layout.getAscent());
    }
}
