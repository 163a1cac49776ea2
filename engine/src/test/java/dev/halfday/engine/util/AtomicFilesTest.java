package dev.halfday.engine.util;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class AtomicFilesTest {

    @Test
    void userOutputsGetTheUsersDefaultPermissions(@TempDir Path dir) throws Exception {
        // What the umask gives any new file of this user, here and now.
        Path reference = Files.createFile(dir.resolve("reference"));

        Path png = dir.resolve("photo.png");
        AtomicFiles.write(png, new byte[] {1, 2, 3});

        assertThat(Files.getPosixFilePermissions(png)).isEqualTo(Files.getPosixFilePermissions(reference));
        assertThat(Files.readAllBytes(png)).containsExactly(1, 2, 3);
    }

    @Test
    void privateFilesAreForTheOwnerOnly(@TempDir Path dir) throws Exception {
        Path session = dir.resolve("session.json");
        AtomicFiles.writePrivate(session, "{}".getBytes());
        assertThat(Files.getPosixFilePermissions(session)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void replacingLeavesOnlyTheNewContentAndNoTemporaryFiles(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("grid.png");
        AtomicFiles.write(file, "old".getBytes());
        AtomicFiles.write(file, out -> out.write("new".getBytes()));
        AtomicFiles.writePrivate(dir.resolve("secret"), out -> out.write("s".getBytes()));

        assertThat(Files.readString(file)).isEqualTo("new");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly("grid.png", "secret");
        }
    }

    @Test
    void aWriterThatFailsLeavesTheOldFileAndNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("export.bin");
        AtomicFiles.write(file, "complete".getBytes());
        try {
            AtomicFiles.write(file, out -> {
                out.write("half".getBytes());
                throw new java.io.IOException("disk full");
            });
        } catch (java.io.IOException expected) {
            assertThat(expected).hasMessage("disk full");
        }
        assertThat(Files.readString(file)).isEqualTo("complete");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }
}
