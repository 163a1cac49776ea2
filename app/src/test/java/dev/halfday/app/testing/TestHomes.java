package dev.halfday.app.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A fresh folder per test under target/halfday-home (surefire sets halfday.home), never the user's home. */
public final class TestHomes {

    private TestHomes() {
    }

    public static Path fresh(String name) throws IOException {
        String home = System.getProperty("halfday.home", "target/halfday-home");
        Path dir = Path.of(home, "app-tests", name + "-" + System.nanoTime());
        return Files.createDirectories(dir);
    }
}
