package dev.halfday.engine.detect;

import dev.halfday.engine.image.DecodedImage;
import dev.halfday.engine.image.ImageDecoder;
import dev.halfday.engine.image.ImageRejectedException;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Finds objects in images. Implementations are thread-safe: one loaded model serves many callers.
 */
public interface Detector extends AutoCloseable {

    ModelInfo model();

    /** Runs the model on an already decoded image (orientation applied). */
    DetectionResult detect(DecodedImage image, DetectOptions options);

    default DetectionResult detect(BufferedImage image, DetectOptions options) {
        return detect(DecodedImage.of(image), options);
    }

    /** Decodes the file (with the default pixel limit and EXIF orientation) and runs the model. */
    default DetectionResult detect(Path file, DetectOptions options) throws IOException, ImageRejectedException {
        return detect(ImageDecoder.standard().decode(file), options);
    }

    /** Decodes encoded image bytes (PNG, JPEG, GIF, BMP, ...) and runs the model. */
    default DetectionResult detect(byte[] encoded, DetectOptions options) throws ImageRejectedException {
        return detect(ImageDecoder.standard().decode(encoded), options);
    }

    /** Frees the model's native memory. Calls after close fail with IllegalStateException. */
    @Override
    void close();
}
