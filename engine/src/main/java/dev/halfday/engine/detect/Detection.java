package dev.halfday.engine.detect;

import dev.halfday.engine.i18n.Language;

/**
 * One object found in an image.
 *
 * @param classIndex 0-based index into the model's label set (COCO-80 for the default model: 15 = cat)
 * @param label      English label
 * @param labelZh    Chinese label
 * @param score      confidence in [0, 1]
 * @param box        box in original-image pixels, as the image is displayed (after EXIF orientation)
 */
public record Detection(int classIndex, String label, String labelZh, float score, BoundingBox box) {

    public String label(Language language) {
        return language == Language.ZH ? labelZh : label;
    }
}
