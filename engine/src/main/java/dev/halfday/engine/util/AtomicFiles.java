package dev.halfday.engine.util;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;

/**
 * Writes files so that a crash, a full disk or a kill mid-write never leaves a half-written file behind:
 * the bytes go to a temporary file in the same folder, are flushed to the disk ({@code fsync}), and the file is
 * then moved over the target in one step.
 *
 * <p>Two kinds of file, two entry points: {@link #write} for the user's own outputs (annotated images, grids,
 * exports), which get the permissions any new file of the user's gets (the umask decides, typically
 * {@code rw-r--r--}); {@link #writePrivate} for secrets, sessions and settings, readable and writable by the
 * owner only.
 */
public final class AtomicFiles {

    private static final Logger log = LoggerFactory.getLogger(AtomicFiles.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFiles() {
    }

    /** Something that writes the whole content to a stream. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    /** A user output, with the user's default permissions for new files. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes), false);
    }

    /** A user output, with the user's default permissions for new files. */
    public static void write(Path target, Writer writer) throws IOException {
        write(target, writer, false);
    }

    /** Readable and writable by the owner only: secrets, session cookies, settings. */
    public static void writePrivate(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes), true);
    }

    /** Readable and writable by the owner only: secrets, session cookies, settings. */
    public static void writePrivate(Path target, Writer writer) throws IOException {
        write(target, writer, true);
    }

    private static void write(Path target, Writer writer, boolean ownerOnly) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = ownerOnly ? Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp") : newTempFile(dir, target);
        try {
            if (ownerOnly) {
                restrictToOwner(tmp);
            }
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(channel)) {
                writer.writeTo(out);
                out.flush();
                // On the disk before the move: after a crash the target holds the old bytes or the new, never a hole.
                channel.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * A new empty file beside the target, created without explicit permissions so the umask applies (unlike
     * {@link Files#createTempFile}, which always makes it owner-only).
     */
    private static Path newTempFile(Path dir, Path target) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    /** Makes the rename itself durable where the platform allows syncing a folder (Linux, macOS). */
    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            log.debug("cannot sync the folder {} (the file is written; only its rename may not survive a crash)", dir, e);
        }
    }

    /** Sets owner-only permissions where the file system supports POSIX permissions. */
    public static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        } catch (UnsupportedOperationException e) {
            java.io.File f = file.toFile();
            f.setReadable(false, false);
            f.setReadable(true, true);
            f.setWritable(false, false);
            f.setWritable(true, true);
        }
    }

    /** Creates a directory (and parents) that only the owner may enter. */
    public static Path createPrivateDirectories(Path dir) throws IOException {
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(dir);
        }
        return dir;
    }
}
