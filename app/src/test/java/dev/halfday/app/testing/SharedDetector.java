package dev.halfday.app.testing;

import dev.halfday.engine.detect.DetectOptions;
import dev.halfday.engine.detect.DetectionResult;
import dev.halfday.engine.detect.Detector;
import dev.halfday.engine.detect.ModelInfo;
import dev.halfday.engine.image.DecodedImage;

/**
 * The real model, loaded once by a test class and lent to each test's window: the app's own close must not
 * free it (the class closes it at the end), so this view of it ignores close.
 */
public final class SharedDetector implements Detector {

    private final Detector real;

    public SharedDetector(Detector real) {
        this.real = real;
    }

    @Override
    public ModelInfo model() {
        return real.model();
    }

    @Override
    public DetectionResult detect(DecodedImage image, DetectOptions options) {
        return real.detect(image, options);
    }

    @Override
    public void close() {
        // owned by the test class
    }
}
