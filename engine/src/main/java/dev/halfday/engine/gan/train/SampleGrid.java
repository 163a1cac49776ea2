package dev.halfday.engine.gan.train;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import dev.halfday.engine.util.AtomicFiles;

/**
 * Generated images laid out in a grid, kept as 8-bit pixels (50 KB for 64 Fashion-MNIST samples) so that many
 * grids fit in memory for a history scrubber or an animated GIF. Immutable by convention: never write to
 * {@link #pixels()}.
 *
 * @param step     training steps completed when the samples were drawn
 * @param columns  images per row
 * @param rows     rows of images
 * @param cellSize width and height of one image in pixels
 * @param channels 1 (grey) or 3 (RGB)
 * @param pixels   the images one after another, each {@code cellSize×cellSize×channels} bytes, HWC
 */
public record SampleGrid(long step, int columns, int rows, int cellSize, int channels, byte[] pixels) {

    /** Pixels between cells (and around the grid), at scale 1. */
    public static final int GAP = 2;
    private static final int BACKGROUND = 0x202020;

    /**
     * Builds a grid from generator output in [-1, 1] (values outside are clipped).
     *
     * @param images {@code columns×rows} images of {@code cellSize×cellSize×channels} floats
     */
    public static SampleGrid fromGenerator(long step, int columns, int rows, int cellSize, int channels, float[] images) {
        byte[] bytes = new byte[images.length];
        for (int i = 0; i < images.length; i++) {
            float v = (images[i] + 1f) * 127.5f;
            bytes[i] = (byte) Math.round(Math.max(0f, Math.min(255f, v)));
        }
        return new SampleGrid(step, columns, rows, cellSize, channels, bytes);
    }

    /**
     * Reads a grid back from an image rendered by {@link #toImage(int)} (a {@code grid-<step>.png}), so a
     * resumed run can show the grids of its earlier steps.
     *
     * @throws IllegalArgumentException if the image does not have the size such a grid would have
     */
    public static SampleGrid fromImage(long step, BufferedImage image, int columns, int rows, int cellSize,
            int channels, int scale) {
        SampleGrid probe = new SampleGrid(step, columns, rows, cellSize, channels, new byte[0]);
        if (image.getWidth() != probe.width(scale) || image.getHeight() != probe.height(scale)) {
            throw new IllegalArgumentException("a " + columns + "×" + rows + " grid of " + cellSize + " px images at scale "
                    + scale + " is " + probe.width(scale) + "×" + probe.height(scale) + ", not " + image.getWidth() + "×"
                    + image.getHeight());
        }
        byte[] pixels = new byte[columns * rows * cellSize * cellSize * channels];
        int p = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                int x0 = GAP + c * (cellSize * scale + GAP);
                int y0 = GAP + r * (cellSize * scale + GAP);
                for (int y = 0; y < cellSize; y++) {
                    for (int x = 0; x < cellSize; x++) {
                        int rgb = image.getRGB(x0 + x * scale, y0 + y * scale);
                        if (channels == 1) {
                            pixels[p++] = (byte) (rgb & 0xff);
                        } else {
                            pixels[p++] = (byte) (rgb >> 16);
                            pixels[p++] = (byte) (rgb >> 8);
                            pixels[p++] = (byte) rgb;
                        }
                    }
                }
            }
        }
        return new SampleGrid(step, columns, rows, cellSize, channels, pixels);
    }

    /** Width of the rendered grid at {@code scale}. */
    public int width(int scale) {
        return columns * (cellSize * scale + GAP) + GAP;
    }

    public int height(int scale) {
        return rows * (cellSize * scale + GAP) + GAP;
    }

    /** The grid as an RGB image, each image pixel drawn as a {@code scale×scale} block. */
    public BufferedImage toImage(int scale) {
        int w = width(scale);
        int h = height(scale);
        int[] argb = new int[w * h];
        java.util.Arrays.fill(argb, BACKGROUND);
        int perImage = cellSize * cellSize * channels;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                int base = (r * columns + c) * perImage;
                int x0 = GAP + c * (cellSize * scale + GAP);
                int y0 = GAP + r * (cellSize * scale + GAP);
                for (int y = 0; y < cellSize; y++) {
                    for (int x = 0; x < cellSize; x++) {
                        int p = base + (y * cellSize + x) * channels;
                        int rgb = rgbAt(p);
                        for (int dy = 0; dy < scale; dy++) {
                            int row = (y0 + y * scale + dy) * w + x0 + x * scale;
                            java.util.Arrays.fill(argb, row, row + scale, rgb);
                        }
                    }
                }
            }
        }
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, w, h, argb, 0, w);
        return image;
    }

    /** PNG bytes of {@link #toImage(int)}. */
    public byte[] toPng(int scale) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(toImage(scale), "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes the grid as a PNG, atomically. */
    public void writePng(Path file, int scale) throws IOException {
        AtomicFiles.write(file, toPng(scale));
    }

    /** A scale that makes small images (28 px) readable and leaves 64 px images as they are. */
    public int defaultScale() {
        return cellSize < 48 ? 2 : 1;
    }

    private int rgbAt(int p) {
        if (channels == 1) {
            int g = pixels[p] & 0xff;
            return (g << 16) | (g << 8) | g;
        }
        return ((pixels[p] & 0xff) << 16) | ((pixels[p + 1] & 0xff) << 8) | (pixels[p + 2] & 0xff);
    }
}
