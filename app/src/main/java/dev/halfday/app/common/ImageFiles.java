package dev.halfday.app.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** Which files count as images, and the expansion of dropped folders into the images inside them. */
public final class ImageFiles {

    /** Extensions the engine's decoder reads (lower case, no dot). */
    public static final List<String> EXTENSIONS = List.of("png", "jpg", "jpeg", "gif", "bmp");

    private ImageFiles() {
    }

    public static boolean isImageName(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1));
    }

    /**
     * Files stay as given (a dropped file is opened even with an odd name, so the user sees why it fails);
     * folders are walked recursively for image files, hidden files skipped, in path order. Duplicates removed.
     * Blocks on the file system: call off the FX thread.
     */
    public static List<Path> expand(List<Path> paths) throws IOException {
        Set<Path> out = new LinkedHashSet<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    List<Path> found = new ArrayList<>();
                    walk.filter(Files::isRegularFile)
                            .filter(ImageFiles::isImageName)
                            .filter(f -> !isHidden(p, f))
                            .sorted()
                            .forEach(found::add);
                    out.addAll(found);
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            } else {
                out.add(p);
            }
        }
        return List.copyOf(out);
    }

    private static boolean isHidden(Path root, Path file) {
        for (Path part : root.relativize(file)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
