package dev.halfday.engine.detect;

import dev.halfday.engine.i18n.Language;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Draws detections onto a copy of an image: a box per detection and a "label 87%" tag, one colour per class,
 * legible on light and dark images, Chinese included (a bundled CJK font, never tofu boxes).
 *
 * <p>PLACEHOLDER: the detect work fills this in.
 */
public final class Annotator {

    public BufferedImage annotate(BufferedImage image, List<Detection> detections, Language language) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** The annotated image encoded as PNG. */
    public byte[] annotatePng(BufferedImage image, List<Detection> detections, Language language) {
        throw new UnsupportedOperationException("not built yet");
    }
}
