package dev.halfday.engine.gan.data;

import dev.halfday.engine.image.DecodedImage;
import dev.halfday.engine.image.ImageDecoder;
import dev.halfday.engine.image.ImageRejectedException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads every JPEG and PNG under a folder (sub-folders included) as {@code size×size} RGB thumbnails: the
 * centred square of each picture, scaled down. Pictures that cannot be decoded are skipped and listed with the
 * reason, so one bad file never stops a run. Files in a stable (sorted) order, so a seed gives the same batches.
 */
public final class ImageFolderDataset {

    /** Thumbnails kept in memory at most: 20 000 × 64×64×3 bytes = 246 MB. */
    public static final int MAX_IMAGES = 20_000;
    private static final int MAX_DEPTH = 8;
    private static final Logger log = LoggerFactory.getLogger(ImageFolderDataset.class);

    /** Told how far loading has got; called on the loading thread. */
    @FunctionalInterface
    public interface Progress {
        void loaded(int done, int total);
    }

    private ImageFolderDataset() {
    }

    public static boolean isImageFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png");
    }

    /** Image files under {@code dir}, sorted by path. */
    public static List<Path> listImages(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("not a folder: " + dir);
        }
        try (Stream<Path> files = Files.walk(dir, MAX_DEPTH)) {
            return files.filter(Files::isRegularFile).filter(ImageFolderDataset::isImageFile).sorted().toList();
        }
    }

    /**
     * Decodes and shrinks every picture.
     *
     * @throws IOException if the folder cannot be read or holds no usable picture
     */
    public static ImageDataset load(Path dir, int size, ImageDecoder decoder, Progress progress) throws IOException {
        List<Path> files = listImages(dir);
        if (files.isEmpty()) {
            throw new IOException("no JPEG or PNG pictures in " + dir);
        }
        if (files.size() > MAX_IMAGES) {
            log.warn("{} holds {} pictures; using the first {}", dir, files.size(), MAX_IMAGES);
            files = files.subList(0, MAX_IMAGES);
        }
        SquareThumbnailer thumbnailer = new SquareThumbnailer(size);
        int per = size * size * 3;
        byte[] pixels = new byte[files.size() * per];
        List<ImageDataset.SkippedFile> skipped = new ArrayList<>();
        int count = 0;
        for (int i = 0; i < files.size(); i++) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("loading " + dir + " was cancelled");
            }
            Path file = files.get(i);
            String why = null;
            try {
                DecodedImage decoded = decoder.decode(file);
                thumbnailer.thumbnail(decoded.image(), pixels, count * per);
                count++;
            } catch (ImageRejectedException e) {
                why = e.getMessage();
            } catch (IOException e) {
                why = "cannot read the file: " + e.getMessage();
            } catch (RuntimeException e) {
                // Image readers throw assorted runtime exceptions on damaged data; one bad file must not end the load.
                why = "damaged image (" + e.getClass().getSimpleName() + ")";
            }
            if (why != null) {
                skipped.add(new ImageDataset.SkippedFile(dir.relativize(file).toString(), why));
                log.info("skipping {}: {}", file, why);
            }
            if (progress != null) {
                progress.loaded(i + 1, files.size());
            }
        }
        if (count == 0) {
            throw new IOException("none of the " + files.size() + " pictures in " + dir + " could be decoded (first: "
                    + skipped.get(0).reason() + ")");
        }
        byte[] used = count == files.size() ? pixels : java.util.Arrays.copyOf(pixels, count * per);
        String description = count + " pictures from " + dir
                + (skipped.isEmpty() ? "" : " (" + skipped.size() + " skipped)");
        return new InMemoryImageDataset(description, size, size, 3, count, used, skipped);
    }
}
