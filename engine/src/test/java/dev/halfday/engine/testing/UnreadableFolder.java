package dev.halfday.engine.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A folder that really cannot be read, even by root (tests here run as root, for whom {@code chmod 000} changes
 * nothing): a chain of nested folders whose path is longer than the system's limit (4096 bytes on Linux), so
 * opening the deepest ones fails with "File name too long". {@code mkdir -p} and {@code rm -rf} build and remove
 * it one level at a time, which Java's file API cannot.
 */
public final class UnreadableFolder implements AutoCloseable {

    private final Path parent;
    private final String name;

    private UnreadableFolder(Path parent, String name) {
        this.parent = parent;
        this.name = name;
    }

    /** Creates {@code parent/name/} holding the over-long chain. */
    public static UnreadableFolder inside(Path parent, String name) throws IOException, InterruptedException {
        Files.createDirectories(parent);
        String level = "d".repeat(200);
        String chain = name + ("/" + level).repeat(25);
        run(parent, "mkdir", "-p", chain);
        return new UnreadableFolder(parent, name);
    }

    /** The folder given to {@link #inside}: it can be read; somewhere below it, reading fails. */
    public Path path() {
        return parent.resolve(name);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(parent, "rm", "-rf", name);
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command).substring(0, 40) + "… failed: " + output);
        }
    }
}
