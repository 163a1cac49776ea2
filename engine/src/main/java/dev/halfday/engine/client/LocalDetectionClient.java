package dev.halfday.engine.client;

import dev.halfday.engine.detect.DetectOptions;
import dev.halfday.engine.detect.DetectionResult;
import dev.halfday.engine.detect.Detector;
import dev.halfday.engine.image.ImageRejectedException;

/** A {@link DetectionClient} backed by a detector in this process: no network, no copies. */
public final class LocalDetectionClient implements DetectionClient {

    private final Detector detector;
    private final boolean ownsDetector;

    /**
     * @param ownsDetector close the detector when this client is closed (false when it is shared, e.g. with
     *                     the app's Detect tab or a server)
     */
    public LocalDetectionClient(Detector detector, boolean ownsDetector) {
        this.detector = detector;
        this.ownsDetector = ownsDetector;
    }

    @Override
    public DetectionResult detect(byte[] encodedImage, DetectOptions options) throws DetectionException {
        try {
            return detector.detect(encodedImage, options);
        } catch (ImageRejectedException e) {
            throw new DetectionException(DetectionException.Kind.BAD_IMAGE, e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new DetectionException(DetectionException.Kind.UNAVAILABLE, "the local model is closed", e);
        }
    }

    @Override
    public String describe() {
        return "local (" + detector.model().name() + ")";
    }

    @Override
    public void close() {
        if (ownsDetector) {
            detector.close();
        }
    }
}
