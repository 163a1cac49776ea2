package dev.halfday.engine.detect.centernet;

import dev.halfday.engine.detect.BoundingBox;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Fits an image into the model's square input the way the CenterNet model was trained: scaled by
 * {@code min(size/w, size/h)} keeping its aspect ratio, resized bilinearly, and centred on a zero (black) canvas.
 * Boxes map back with {@code (b − pad) / scale}.
 *
 * <p>The bilinear resize follows TensorFlow's {@code ResizeBilinear} with {@code half_pixel_centers=true} (and so
 * OpenCV's {@code INTER_LINEAR}, which the model's training code used): source coordinate
 * {@code (i + 0.5) · in/out − 0.5}, neighbours clamped to the image. Values stay float (0..255, not rounded).
 * Any graph that letterboxes in-graph must do the same to reproduce these detections.
 *
 * @param sourceWidth   image width
 * @param sourceHeight  image height
 * @param size          model input side (512)
 * @param resizedWidth  width of the scaled image on the canvas, {@code round(w · scale)}
 * @param resizedHeight height of the scaled image on the canvas
 * @param padX          left padding, {@code (size − resizedWidth) / 2} rounded down
 * @param padY          top padding
 */
public record Letterbox(int sourceWidth, int sourceHeight, int size, int resizedWidth, int resizedHeight,
                        int padX, int padY) {

    /** Resized images from this many pixels on are filled on all cores. */
    private static final long PARALLEL_PIXELS = 64 * 1024;

    public static Letterbox of(int width, int height, int size) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("empty image: " + width + "×" + height);
        }
        double scale = Math.min(size / (double) width, size / (double) height);
        int rw = (int) Math.max(1, Math.min(size, Math.round(width * scale)));
        int rh = (int) Math.max(1, Math.min(size, Math.round(height * scale)));
        return new Letterbox(width, height, size, rw, rh, (size - rw) / 2, (size - rh) / 2);
    }

    /** Horizontal scale actually applied (resized / source), within half a pixel of {@code min(size/w, size/h)}. */
    public double scaleX() {
        return resizedWidth / (double) sourceWidth;
    }

    public double scaleY() {
        return resizedHeight / (double) sourceHeight;
    }

    /** A box in model-input pixels mapped back to source pixels and clipped to the image. */
    public BoundingBox toSource(float x1, float y1, float x2, float y2) {
        return new BoundingBox(
                (float) ((x1 - padX) / scaleX()), (float) ((y1 - padY) / scaleY()),
                (float) ((x2 - padX) / scaleX()), (float) ((y2 - padY) / scaleY()))
                .clip(sourceWidth, sourceHeight);
    }

    /**
     * Writes the letterboxed image into {@code out} as float RGB, NHWC, {@code size × size × 3} values, padding 0.
     *
     * @param rgb a TYPE_INT_RGB or TYPE_3BYTE_BGR image of {@code sourceWidth × sourceHeight}
     */
    public void fill(BufferedImage rgb, float[] out) {
        if (rgb.getWidth() != sourceWidth || rgb.getHeight() != sourceHeight) {
            throw new IllegalArgumentException("image is " + rgb.getWidth() + "×" + rgb.getHeight()
                    + ", letterbox was made for " + sourceWidth + "×" + sourceHeight);
        }
        if (out.length != size * size * 3) {
            throw new IllegalArgumentException("buffer holds " + out.length + " floats, need " + size * size * 3);
        }
        clearPadding(out);
        Axis xs = Axis.of(sourceWidth, resizedWidth);
        Axis ys = Axis.of(sourceHeight, resizedHeight);
        RowFiller rows = switch (rgb.getType()) {
            case BufferedImage.TYPE_INT_RGB -> {
                int[] px = ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
                yield (from, to) -> fillFromInts(px, xs, ys, out, from, to);
            }
            case BufferedImage.TYPE_3BYTE_BGR -> {
                byte[] px = ((DataBufferByte) rgb.getRaster().getDataBuffer()).getData();
                yield (from, to) -> fillFromBgrBytes(px, xs, ys, out, from, to);
            }
            default -> throw new IllegalArgumentException("need an 8-bit RGB image (ImageDecoder.toRgb), got type " + rgb.getType());
        };
        // Resampling a 512×512 input takes 3–4 ms on one core, while the model waits; bands of rows on all
        // cores (a parallel stream runs one band on the calling thread) halve that on two. Small images stay
        // on the calling thread, where the hand-off would cost more than it saves.
        int bands = (long) resizedWidth * resizedHeight >= PARALLEL_PIXELS
                ? Math.min(Runtime.getRuntime().availableProcessors(), resizedHeight) : 1;
        if (bands == 1) {
            rows.fill(0, resizedHeight);
        } else {
            IntStream.range(0, bands).parallel()
                    .forEach(b -> rows.fill(resizedHeight * b / bands, resizedHeight * (b + 1) / bands));
        }
    }

    /** Fills output rows {@code [from, to)} of the resized image. */
    @FunctionalInterface
    private interface RowFiller {
        void fill(int from, int to);
    }

    /** Zeroes only what the image does not cover: the buffer is reused, and the image part is overwritten. */
    private void clearPadding(float[] out) {
        int row = size * 3;
        Arrays.fill(out, 0, padY * row, 0f);
        Arrays.fill(out, (padY + resizedHeight) * row, size * row, 0f);
        int right = size - padX - resizedWidth;
        for (int y = padY; y < padY + resizedHeight; y++) {
            Arrays.fill(out, y * row, y * row + padX * 3, 0f);
            Arrays.fill(out, y * row + (padX + resizedWidth) * 3, y * row + (padX + resizedWidth + right) * 3, 0f);
        }
    }

    private void fillFromInts(int[] px, Axis xs, Axis ys, float[] out, int from, int to) {
        int w = sourceWidth;
        for (int oy = from; oy < to; oy++) {
            int top = ys.lower[oy] * w;
            int bottom = ys.upper[oy] * w;
            float ly = ys.lerp[oy];
            int o = ((padY + oy) * size + padX) * 3;
            for (int ox = 0; ox < resizedWidth; ox++, o += 3) {
                int l = xs.lower[ox];
                int u = xs.upper[ox];
                float lx = xs.lerp[ox];
                int tl = px[top + l];
                int tr = px[top + u];
                int bl = px[bottom + l];
                int br = px[bottom + u];
                out[o] = blend((tl >> 16) & 0xff, (tr >> 16) & 0xff, (bl >> 16) & 0xff, (br >> 16) & 0xff, lx, ly);
                out[o + 1] = blend((tl >> 8) & 0xff, (tr >> 8) & 0xff, (bl >> 8) & 0xff, (br >> 8) & 0xff, lx, ly);
                out[o + 2] = blend(tl & 0xff, tr & 0xff, bl & 0xff, br & 0xff, lx, ly);
            }
        }
    }

    private void fillFromBgrBytes(byte[] px, Axis xs, Axis ys, float[] out, int from, int to) {
        int rowBytes = sourceWidth * 3;
        for (int oy = from; oy < to; oy++) {
            int top = ys.lower[oy] * rowBytes;
            int bottom = ys.upper[oy] * rowBytes;
            float ly = ys.lerp[oy];
            int o = ((padY + oy) * size + padX) * 3;
            for (int ox = 0; ox < resizedWidth; ox++, o += 3) {
                int tl = top + xs.lower[ox] * 3;
                int tr = top + xs.upper[ox] * 3;
                int bl = bottom + xs.lower[ox] * 3;
                int br = bottom + xs.upper[ox] * 3;
                float lx = xs.lerp[ox];
                // Stored B, G, R; written R, G, B.
                out[o] = blend(px[tl + 2] & 0xff, px[tr + 2] & 0xff, px[bl + 2] & 0xff, px[br + 2] & 0xff, lx, ly);
                out[o + 1] = blend(px[tl + 1] & 0xff, px[tr + 1] & 0xff, px[bl + 1] & 0xff, px[br + 1] & 0xff, lx, ly);
                out[o + 2] = blend(px[tl] & 0xff, px[tr] & 0xff, px[bl] & 0xff, px[br] & 0xff, lx, ly);
            }
        }
    }

    /** TensorFlow's order of operations: interpolate the top and bottom rows in x, then those in y. */
    private static float blend(int tl, int tr, int bl, int br, float lx, float ly) {
        float t = tl + (tr - tl) * lx;
        float b = bl + (br - bl) * lx;
        return t + (b - t) * ly;
    }

    /** Source neighbours and weights for each output coordinate along one axis. */
    private record Axis(int[] lower, int[] upper, float[] lerp) {
        static Axis of(int in, int out) {
            int[] lower = new int[out];
            int[] upper = new int[out];
            float[] lerp = new float[out];
            float scale = in / (float) out;
            for (int i = 0; i < out; i++) {
                float src = (i + 0.5f) * scale - 0.5f;
                float floor = (float) Math.floor(src);
                lower[i] = Math.max((int) floor, 0);
                upper[i] = Math.min((int) Math.ceil(src), in - 1);
                lerp[i] = src - floor;
            }
            return new Axis(lower, upper, lerp);
        }
    }
}
