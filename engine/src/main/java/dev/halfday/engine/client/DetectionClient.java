package dev.halfday.engine.client;

import dev.halfday.engine.detect.DetectOptions;
import dev.halfday.engine.detect.DetectionResult;
import dev.halfday.engine.image.DecodedImage;

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

    /**
     * Detects objects in an image the caller has already decoded from {@code encodedImage} (the bot does, to check
     * the pixel limit and to annotate). A backend in this process uses the pixels and skips a second decode;
     * a remote one sends the bytes, which is what this default does.
     */
    default DetectionResult detect(byte[] encodedImage, DecodedImage decoded, DetectOptions options)
            throws DetectionException {
        return detect(encodedImage, options);
    }

    /** Where detections come from, for status lines: "local (coco-centernet)", "halfday 10.0.0.5:50051", ... */
    String describe();

    @Override
    void close();
}
