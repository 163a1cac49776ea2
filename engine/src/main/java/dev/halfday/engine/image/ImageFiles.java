package dev.halfday.engine.image;

import dev.halfday.engine.util.FileErrors;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which files count as images, and the expansion of the paths a user gives (on the command line, by a drop or
 * an open dialog) into the image files to process. One definition for the CLI and the app.
 *
 * <p>A path given by name is kept as it is, whatever its name: the user asked for it, so a wrong one gets an
 * error of its own instead of vanishing. A folder is searched recursively for files named like images
 * ({@link #EXTENSIONS}); hidden files and folders (a leading dot) inside it are skipped; symbolic links to files
 * are followed, links to folders are not (no loops). A folder that cannot be read does not stop the search: it is
 * reported in {@link Expansion#unreadable()} and the rest is searched.
 */
public final class ImageFiles {

    /** Extensions of the formats {@link ImageDecoder} reads (lower case, no dot). */
    public static final List<String> EXTENSIONS = List.of("png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff");

    /** A file or folder that could not be searched, and why (plain words, no file name). */
    public record Unreadable(Path path, String reason) {
    }

    /**
     * What a list of paths expands to.
     *
     * @param files               the files to process, in the order given, each folder's images sorted by path;
     *                            no duplicates
     * @param unreadable          folders (or entries in them) that could not be searched
     * @param foldersWithoutImages folders given by name in which no image was found
     */
    public record Expansion(List<Path> files, List<Unreadable> unreadable, List<Path> foldersWithoutImages) {
        public Expansion {
            files = List.copyOf(files);
            unreadable = List.copyOf(unreadable);
            foldersWithoutImages = List.copyOf(foldersWithoutImages);
        }

        /** Nothing to process and nothing that failed: the paths held no images at all. */
        public boolean isEmpty() {
            return files.isEmpty() && unreadable.isEmpty();
        }
    }

    private ImageFiles() {
    }

    /** A visible file named with one of the {@link #EXTENSIONS} (case-insensitive). */
    public static boolean isImageName(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return false;
        }
        String s = name.toString().toLowerCase(Locale.ROOT);
        int dot = s.lastIndexOf('.');
        return !s.startsWith(".") && dot > 0 && EXTENSIONS.contains(s.substring(dot + 1));
    }

    /** Expands files and folders as described above. Blocks on the file system (call it off a UI thread). */
    public static Expansion expand(List<Path> paths) {
        Set<Path> files = new LinkedHashSet<>();
        List<Unreadable> unreadable = new ArrayList<>();
        List<Path> empty = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                List<Path> found = new ArrayList<>();
                search(p, found, unreadable);
                found.sort(null);
                if (found.isEmpty()) {
                    empty.add(p);
                }
                files.addAll(found);
            } else {
                files.add(p);
            }
        }
        return new Expansion(new ArrayList<>(files), unreadable, empty);
    }

    private static void search(Path root, List<Path> found, List<Unreadable> unreadable) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(root) && isHidden(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    boolean regular = attrs.isRegularFile() || (attrs.isSymbolicLink() && Files.isRegularFile(file));
                    if (regular && isImageName(file)) {
                        found.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    if (!isHidden(file)) {
                        String what = isImageName(file) ? "file" : "folder";
                        unreadable.add(new Unreadable(file, "cannot read this " + what + ": " + FileErrors.reason(e)));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                    if (e != null) {
                        // The listing broke off part-way: what was found so far is kept.
                        unreadable.add(new Unreadable(dir, "cannot read all of this folder: " + FileErrors.reason(e)));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // walkFileTree reports failures to the visitor, which never throws; this is for the impossible case.
            unreadable.add(new Unreadable(root, "cannot read this folder: " + FileErrors.reason(e)));
        }
    }

    private static boolean isHidden(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().startsWith(".");
    }
}
