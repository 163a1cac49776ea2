package dev.halfday.engine.image;

import java.awt.image.BufferedImage;

/**
 * An image ready for a model: 8-bit RGB pixels, oriented as it is displayed.
 *
 * @param image    pixels (TYPE_INT_RGB or TYPE_3BYTE_BGR), EXIF orientation already applied
 * @param format   the encoded format it came from ("png", "jpeg", ...), or "raw" for an in-memory image
 * @param decodeMs time spent reading and decoding; 0 for an in-memory image
 */
public record DecodedImage(BufferedImage image, String format, double decodeMs) {

    public int width() {
        return image.getWidth();
    }

    public int height() {
        return image.getHeight();
    }

    /** Wraps an in-memory image (converted to 8-bit RGB if needed). */
    public static DecodedImage of(BufferedImage image) {
        return new DecodedImage(ImageDecoder.toRgb(image), "raw", 0);
    }
}
