package dev.halfday.engine.testing;

import dev.halfday.engine.image.DecodedImage;
import dev.halfday.engine.image.ImageDecoder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real sample photos in resources/samples and the committed test fixtures. */
public final class Samples {

    private Samples() {
    }

    /** resources/samples/NAME in the repository. */
    public static Path photo(String name) {
        Path p = Path.of("..", "resources", "samples", name);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("sample photo missing: " + p.toAbsolutePath());
        }
        return p;
    }

    /** engine/src/test/resources/images/NAME. */
    public static Path fixture(String name) {
        Path p = Path.of("src", "test", "resources", "images", name);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("fixture missing: " + p.toAbsolutePath());
        }
        return p;
    }

    public static DecodedImage decode(Path file) {
        try {
            return ImageDecoder.standard().decode(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
