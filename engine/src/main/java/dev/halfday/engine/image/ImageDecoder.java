package dev.halfday.engine.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Turns files and bytes into {@link DecodedImage}s safely: the size is checked from the header before any
 * pixel memory is allocated, EXIF orientation is applied, and every failure is an
 * {@link ImageRejectedException} with a plain-words message.
 *
 * <p>PLACEHOLDER: the detect work fills this in (TwelveMonkeys for CMYK JPEG, metadata-extractor for EXIF).
 */
public final class ImageDecoder {

    /** Default pixel limit: 40 megapixels (a 30000×30000 header is refused before allocation). */
    public static final long DEFAULT_MAX_PIXELS = 40_000_000L;

    private static final ImageDecoder STANDARD = new ImageDecoder(DEFAULT_MAX_PIXELS);

    private final long maxPixels;

    public ImageDecoder(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    public static ImageDecoder standard() {
        return STANDARD;
    }

    public long maxPixels() {
        return maxPixels;
    }

    public DecodedImage decode(Path file) throws IOException, ImageRejectedException {
        throw new UnsupportedOperationException("not built yet");
    }

    public DecodedImage decode(byte[] encoded) throws ImageRejectedException {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Returns the image itself if it is already 8-bit RGB, else an RGB copy (alpha composited on white). */
    public static BufferedImage toRgb(BufferedImage image) {
        throw new UnsupportedOperationException("not built yet");
    }
}
