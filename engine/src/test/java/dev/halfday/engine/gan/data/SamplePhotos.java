package dev.halfday.engine.gan.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The bundled sample photos (real PNG and JPEG files) as a picture folder for tests. */
public final class SamplePhotos {

    public static final String[] NAMES = {"astronaut.png", "chelsea.png", "coffee.png", "motorcycle_left.png", "rocket.jpg"};

    private SamplePhotos() {
    }

    /** Copies the five photos into {@code target} (rocket.jpg into a sub-folder, to exercise the walk). */
    public static void copyTo(Path target) throws IOException {
        Files.createDirectories(target.resolve("more"));
        for (String name : NAMES) {
            try (InputStream in = SamplePhotos.class.getResourceAsStream("/halfday/resources/samples/" + name)) {
                if (in == null) {
                    throw new IOException("sample photo missing from the classpath: " + name);
                }
                Path to = name.startsWith("rocket") ? target.resolve("more").resolve(name) : target.resolve(name);
                Files.copy(in, to);
            }
        }
    }
}
