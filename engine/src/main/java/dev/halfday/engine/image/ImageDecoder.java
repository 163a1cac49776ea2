package dev.halfday.engine.image;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Turns files and bytes into {@link DecodedImage}s safely: the size is checked from the header before any
 * pixel memory is allocated, EXIF orientation is applied, and every failure is an
 * {@link ImageRejectedException} with a plain-words message.
 *
 * <p>Readers come from ImageIO: the JDK's PNG, GIF, BMP and TIFF readers and TwelveMonkeys' JPEG reader (CMYK
 * and YCCK JPEGs, broken ICC profiles). Every result is 8-bit RGB: 16-bit, grayscale and palette images are
 * converted, alpha is composited on white, an animated GIF gives its first frame.
 */
public final class ImageDecoder {

    /** Default pixel limit: 40 megapixels (a 30000×30000 header is refused before allocation). */
    public static final long DEFAULT_MAX_PIXELS = 40_000_000L;

    /** Files larger than this are refused before they are read (no real photo comes near it). */
    public static final long MAX_FILE_BYTES = 256L * 1024 * 1024;

    private static final ImageDecoder STANDARD = new ImageDecoder(DEFAULT_MAX_PIXELS);

    private final long maxPixels;

    public ImageDecoder(long maxPixels) {
        if (maxPixels < 1) {
            throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
        }
        this.maxPixels = maxPixels;
    }

    public static ImageDecoder standard() {
        return STANDARD;
    }

    public long maxPixels() {
        return maxPixels;
    }

    /**
     * Reads and decodes a file.
     *
     * @throws IOException            the file cannot be read (missing, a folder, no permission)
     * @throws ImageRejectedException the file is read but is not a usable image
     */
    public DecodedImage decode(Path file) throws IOException, ImageRejectedException {
        long start = System.nanoTime();
        return decode(readFile(file), start);
    }

    /**
     * Reads an image file's bytes, refusing folders and files over {@link #MAX_FILE_BYTES} before reading them.
     * For callers that need the encoded bytes as well as the pixels (to send them to a remote detector):
     * {@code decode(readFile(f))} is what {@link #decode(Path)} does.
     *
     * @throws IOException            the file cannot be read (missing, a folder, no permission)
     * @throws ImageRejectedException the file is over the size limit
     */
    public static byte[] readFile(Path file) throws IOException, ImageRejectedException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + " is a folder, not a file");
        }
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new ImageRejectedException(ImageRejectedException.Reason.TOO_LARGE, String.format(Locale.ROOT,
                    "file too large: %d MB, the limit is %d MB", size >> 20, MAX_FILE_BYTES >> 20));
        }
        return Files.readAllBytes(file);
    }

    public DecodedImage decode(byte[] encoded) throws ImageRejectedException {
        return decode(encoded, System.nanoTime());
    }

    private DecodedImage decode(byte[] encoded, long startNanos) throws ImageRejectedException {
        if (encoded.length == 0) {
            throw new ImageRejectedException(ImageRejectedException.Reason.EMPTY, "not an image: the file is empty");
        }
        ImageInputStream input = new ByteArrayImageInputStream(encoded);
        Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
        if (!readers.hasNext()) {
            throw new ImageRejectedException(ContentSniffer.isKnownButUnsupported(encoded)
                    ? ImageRejectedException.Reason.UNSUPPORTED : ImageRejectedException.Reason.NOT_AN_IMAGE,
                    ContentSniffer.describeUnreadable(encoded));
        }
        ImageReader reader = readers.next();
        try {
            String format = formatName(reader);
            reader.setInput(input, true, false);
            checkSize(reader, format);
            BufferedImage raw = readFirstImage(reader, format, encoded);
            BufferedImage rgb = toRgb(raw);
            BufferedImage oriented = ExifOrientation.apply(rgb, ExifOrientation.read(encoded, format));
            return new DecodedImage(oriented, format, (System.nanoTime() - startNanos) / 1e6);
        } finally {
            reader.dispose();
        }
    }

    private void checkSize(ImageReader reader, String format) throws ImageRejectedException {
        int width;
        int height;
        try {
            width = reader.getWidth(0);
            height = reader.getHeight(0);
        } catch (IOException | RuntimeException e) {
            throw new ImageRejectedException(ImageRejectedException.Reason.CORRUPT,
                    "damaged " + upper(format) + " image: its header cannot be read (" + reason(e) + ")", e);
        }
        if (width <= 0 || height <= 0) {
            throw new ImageRejectedException(ImageRejectedException.Reason.CORRUPT,
                    "damaged " + upper(format) + " image: its header says " + width + "×" + height + " pixels");
        }
        if ((long) width * height > maxPixels) {
            throw new ImageRejectedException(ImageRejectedException.Reason.TOO_LARGE, String.format(Locale.ROOT,
                    "image too large: %d×%d pixels, the limit is %s", width, height, PixelCounts.describe(maxPixels)));
        }
    }

    private static BufferedImage readFirstImage(ImageReader reader, String format, byte[] encoded)
            throws ImageRejectedException {
        List<String> warnings = new ArrayList<>();
        IIOReadWarningListener listener = (source, warning) -> warnings.add(warning);
        reader.addIIOReadWarningListener(listener);
        BufferedImage image;
        try {
            image = reader.read(0);
        } catch (IIOException e) {
            if (endsEarly(e) || (format.equals("png") && !endsWithIend(encoded))) {
                throw new ImageRejectedException(ImageRejectedException.Reason.CORRUPT,
                        "truncated " + upper(format) + " image: the file ends before the picture does", e);
            }
            throw new ImageRejectedException(ImageRejectedException.Reason.CORRUPT,
                    "damaged " + upper(format) + " image: " + reason(e), e);
        } catch (IOException | RuntimeException e) {
            throw new ImageRejectedException(ImageRejectedException.Reason.CORRUPT,
                    "damaged " + upper(format) + " image: " + reason(e), e);
        } catch (OutOfMemoryError e) {
            throw new ImageRejectedException(ImageRejectedException.Reason.TOO_LARGE,
                    "image too large to decode in the memory available", e);
        }
        // JPEG decoders do not fail on a cut-off file: they warn and paint the missing part grey.
        for (String warning : warnings) {
            String w = warning.toLowerCase(Locale.ROOT);
            if (w.contains("premature end") || w.contains("truncated") || w.contains("corrupt")) {
                throw new ImageRejectedException(ImageRejectedException.Reason.CORRUPT,
                        "truncated " + upper(format) + " image: the file ends before the picture does (" + warning + ")");
            }
        }
        return image;
    }

    /** Returns the image itself if it is already 8-bit RGB, else an RGB copy (alpha composited on white). */
    public static BufferedImage toRgb(BufferedImage image) {
        int type = image.getType();
        if (type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_3BYTE_BGR) {
            return image;
        }
        if (image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            return grayToRgb(image);
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.drawImage(image, 0, 0, Color.WHITE, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }

    /**
     * Gray samples copied to R = G = B. Java2D would treat the gray colour space as linear and brighten the
     * picture on conversion; gray files store display values, like sRGB.
     */
    private static BufferedImage grayToRgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        Raster raster = image.getRaster();
        boolean alpha = image.getColorModel().hasAlpha() && raster.getNumBands() > 1;
        int grayShift = Math.max(0, image.getColorModel().getComponentSize(0) - 8);
        int alphaBits = alpha ? image.getColorModel().getComponentSize(raster.getNumBands() - 1) : 8;
        float alphaMax = (1 << alphaBits) - 1;
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] out = ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
        int[] gray = new int[w];
        int[] a = alpha ? new int[w] : null;
        for (int y = 0; y < h; y++) {
            raster.getSamples(0, y, w, 1, 0, gray);
            if (alpha) {
                raster.getSamples(0, y, w, 1, raster.getNumBands() - 1, a);
            }
            for (int x = 0; x < w; x++) {
                int v = gray[x] >> grayShift;
                if (alpha) {
                    float f = a[x] / alphaMax;
                    v = Math.round(v * f + 255 * (1 - f));
                }
                out[y * w + x] = (v << 16) | (v << 8) | v;
            }
        }
        return rgb;
    }

    private static String formatName(ImageReader reader) {
        try {
            String name = reader.getFormatName().toLowerCase(Locale.ROOT);
            return name.equals("jpg") ? "jpeg" : name;
        } catch (IOException e) {
            return "image";
        }
    }

    private static String upper(String format) {
        return format.toUpperCase(Locale.ROOT);
    }

    private static final byte[] PNG_IEND = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82};

    /** A complete PNG ends with its IEND chunk; a cut-off one does not. */
    private static boolean endsWithIend(byte[] png) {
        return png.length >= PNG_IEND.length && java.util.Arrays.equals(png, png.length - PNG_IEND.length,
                png.length, PNG_IEND, 0, PNG_IEND.length);
    }

    /** Whether a read failed because the data stopped (a cut-off download or copy). */
    private static boolean endsEarly(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (t instanceof EOFException || m.contains("unexpected end") || m.contains("premature end")) {
                return true;
            }
        }
        return false;
    }

    /** The innermost useful message of an exception chain, for a one-line explanation. */
    private static String reason(Throwable e) {
        String message = e.getMessage();
        Throwable cause = e.getCause();
        while (cause != null) {
            if (cause.getMessage() != null) {
                message = (message == null ? "" : message + ": ") + cause.getMessage();
            }
            cause = cause.getCause();
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
