package dev.halfday.engine.gan.data;

import java.util.List;

/** An {@link ImageDataset} over one byte array. */
public final class InMemoryImageDataset implements ImageDataset {

    private final String description;
    private final int width;
    private final int height;
    private final int channels;
    private final int size;
    private final byte[] pixels;
    private final List<SkippedFile> skipped;

    /**
     * @param pixels {@code size} images of {@code height×width×channels} bytes each, one after another (not copied)
     */
    public InMemoryImageDataset(String description, int width, int height, int channels, int size, byte[] pixels,
            List<SkippedFile> skipped) {
        if (size < 1) {
            throw new IllegalArgumentException("a dataset needs at least one image");
        }
        if ((long) width * height * channels * size != pixels.length) {
            throw new IllegalArgumentException("pixel buffer does not hold " + size + " images of " + width + "×"
                    + height + "×" + channels);
        }
        this.description = description;
        this.width = width;
        this.height = height;
        this.channels = channels;
        this.size = size;
        this.pixels = pixels;
        this.skipped = List.copyOf(skipped);
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public void copyPixels(int index, byte[] target, int offset) {
        int n = pixelsPerImage();
        System.arraycopy(pixels, index * n, target, offset, n);
    }

    @Override
    public List<SkippedFile> skipped() {
        return skipped;
    }
}
