package dev.halfday.engine.gan.data;

import java.util.List;

/**
 * Training images held in memory as 8-bit pixels, all the same size, in height×width×channels order.
 * Instances are immutable and safe to read from several threads.
 */
public interface ImageDataset {

    /** What this is, for people ("Fashion-MNIST (bundled 10 000-image subset)"). */
    String description();

    int size();

    int width();

    int height();

    /** 1 for grey, 3 for RGB. */
    int channels();

    default int pixelsPerImage() {
        return width() * height() * channels();
    }

    /** Copies image {@code index} into {@code target} starting at {@code offset}. */
    void copyPixels(int index, byte[] target, int offset);

    /** Files that looked like images but could not be used, with the reason; empty for IDX sets. */
    default List<SkippedFile> skipped() {
        return List.of();
    }

    /** A file left out of a dataset and why, in plain words. */
    record SkippedFile(String file, String reason) {
    }
}
