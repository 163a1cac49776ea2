package dev.halfday.engine.image;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.jpeg.JpegMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifReader;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayInputStream;
import java.util.List;

/**
 * The EXIF orientation tag (1–8) and how to apply it, so images are processed as viewers display them: a phone
 * photo stored landscape with orientation 6 is shown, detected and annotated upright.
 */
final class ExifOrientation {

    static final int NORMAL = 1;

    private ExifOrientation() {
    }

    /** The orientation stored in the image's EXIF, or 1 when it has none or it cannot be read. */
    static int read(byte[] encoded, String format) {
        try {
            Metadata metadata = switch (format) {
                // Only the APP1 segments: the fastest way through a large JPEG.
                case "jpeg" -> JpegMetadataReader.readMetadata(new ByteArrayInputStream(encoded),
                        List.of(new ExifReader()));
                case "png", "tiff", "tif", "webp" -> ImageMetadataReader.readMetadata(
                        new ByteArrayInputStream(encoded), encoded.length);
                default -> null;
            };
            if (metadata == null) {
                return NORMAL;
            }
            for (ExifIFD0Directory dir : metadata.getDirectoriesOfType(ExifIFD0Directory.class)) {
                if (dir.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
                    int value = dir.getInt(ExifIFD0Directory.TAG_ORIENTATION);
                    return value >= 1 && value <= 8 ? value : NORMAL;
                }
            }
        } catch (Exception e) {
            // Broken metadata must not cost the picture: show it as stored.
        }
        return NORMAL;
    }

    /** Whether the orientation swaps width and height (the 90° and 270° cases). */
    static boolean swapsAxes(int orientation) {
        return orientation >= 5 && orientation <= 8;
    }

    /** A TYPE_INT_RGB copy of an RGB image turned as the orientation says; the image itself for orientation 1. */
    static BufferedImage apply(BufferedImage rgb, int orientation) {
        if (orientation == NORMAL) {
            return rgb;
        }
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        int[] src = rgb.getRGB(0, 0, w, h, null, 0, w);
        boolean swap = swapsAxes(orientation);
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        BufferedImage out = new BufferedImage(ow, oh, BufferedImage.TYPE_INT_RGB);
        int[] dst = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < oh; y++) {
            int row = y * ow;
            for (int x = 0; x < ow; x++) {
                // (sx, sy): the stored pixel shown at displayed (x, y).
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> { sx = w - 1 - x; sy = y; }          // mirrored horizontally
                    case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }  // rotated 180°
                    case 4 -> { sx = x; sy = h - 1 - y; }          // mirrored vertically
                    case 5 -> { sx = y; sy = x; }                  // transposed
                    case 6 -> { sx = y; sy = h - 1 - x; }          // stored 90° counter-clockwise: turn clockwise
                    case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }  // transverse
                    case 8 -> { sx = w - 1 - y; sy = x; }          // stored 90° clockwise: turn counter-clockwise
                    default -> { sx = x; sy = y; }
                }
                dst[row + x] = src[sy * w + sx] & 0xffffff;
            }
        }
        return out;
    }
}
