package dev.halfday.engine.client;

import dev.halfday.engine.detect.DetectOptions;
import dev.halfday.engine.detect.DetectionResult;
import dev.halfday.engine.detect.Detector;
import dev.halfday.engine.image.DecodedImage;
import dev.halfday.engine.image.ImageRejectedException;

/**
 * The in-process backend: calls a {@link Detector} in this JVM. Refused images become
 * {@link DetectionException.Kind#BAD_IMAGE} with the decoder's plain-words reason.
 */
public final class LocalDetectionClient implements DetectionClient {

    private final Detector detector;
    private final boolean ownsDetector;

    /**
     * @param detector     the model to use (thread-safe)
     * @param ownsDetector close the detector when this client is closed (false when the app shares one detector)
     */
    public LocalDetectionClient(Detector detector, boolean ownsDetector) {
        this.detector = detector;
        this.ownsDetector = ownsDetector;
    }

    /** A detection that may refuse the image. */
    @FunctionalInterface
    private interface Call {
        DetectionResult run() throws ImageRejectedException;
    }

    @Override
    public DetectionResult detect(byte[] encodedImage, DetectOptions options) throws DetectionException {
        if (encodedImage == null || encodedImage.length == 0) {
            throw new DetectionException(DetectionException.Kind.BAD_IMAGE, "not an image: no bytes were given");
        }
        return call(() -> detector.detect(encodedImage, options));
    }

    /** Uses the caller's pixels: no second decode. */
    @Override
    public DetectionResult detect(byte[] encodedImage, DecodedImage decoded, DetectOptions options) throws DetectionException {
        return call(() -> detector.detect(decoded, options));
    }

    /** Runs a detection, turning the engine's failures into the client's plain-words kinds. */
    private static DetectionResult call(Call call) throws DetectionException {
        try {
            return call.run();
        } catch (ImageRejectedException e) {
            throw new DetectionException(DetectionException.Kind.BAD_IMAGE, e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new DetectionException(DetectionException.Kind.UNAVAILABLE,
                    "the local detector is not available: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new DetectionException(DetectionException.Kind.INTERNAL, "the local detector failed: " + e, e);
        }
    }

    @Override
    public String describe() {
        return "local (" + detector.model().name() + ")";
    }

    public Detector detector() {
        return detector;
    }

    @Override
    public void close() {
        if (ownsDetector) {
            detector.close();
        }
    }
}
