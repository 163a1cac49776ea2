package dev.halfday.app.testing;

import dev.halfday.engine.detect.Detector;
import dev.halfday.engine.detect.Detectors;

/**
 * The real bundled detector, loaded once per test JVM and shared by every UI test class (loading costs seconds;
 * the model is thread-safe). Windows get it through {@link SharedDetector}, so closing a window never frees it;
 * the process exit does.
 */
public final class TestModel {

    private static Detector detector;

    private TestModel() {
    }

    public static synchronized Detector get() throws Exception {
        if (detector == null) {
            detector = new SharedDetector(Detectors.loadDefault());
        }
        return detector;
    }
}
