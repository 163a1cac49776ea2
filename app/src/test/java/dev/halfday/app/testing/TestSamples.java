package dev.halfday.app.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's real sample photos (resources/samples), found from the module or the repository root. */
public final class TestSamples {

    private TestSamples() {
    }

    public static Path sample(String name) {
        Path cwd = Path.of(System.getProperty("user.dir"));
        for (Path candidate : new Path[] {cwd.resolve("../resources/samples"), cwd.resolve("resources/samples")}) {
            Path file = candidate.resolve(name).normalize();
            if (Files.isRegularFile(file)) {
                return file.toAbsolutePath();
            }
        }
        throw new IllegalStateException("sample " + name + " not found from " + cwd);
    }
}
