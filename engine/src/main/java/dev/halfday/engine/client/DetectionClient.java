package dev.halfday.engine.client;

import dev.halfday.engine.detect.DetectOptions;
import dev.halfday.engine.detect.DetectionResult;

/**
 * One way to ask for detections, whatever runs the model: the in-process engine, a remote Halfday server
 * (gRPC {@code halfday.v1.Detection/Detect}) or a TensorFlow Serving endpoint ({@code Predict}).
 * The app and the bots use only this.
 */
public interface DetectionClient extends AutoCloseable {

    /**
     * Detects objects in an encoded image (PNG, JPEG, ...).
     *
     * @throws DetectionException with a plain-words message: the image was refused, the backend is unreachable,
     *                            the call timed out, ...
     */
    DetectionResult detect(byte[] encodedImage, DetectOptions options) throws DetectionException;

    /** Where detections come from, for status lines: "local (coco-centernet)", "halfday 10.0.0.5:50051", ... */
    String describe();

    @Override
    void close();
}
