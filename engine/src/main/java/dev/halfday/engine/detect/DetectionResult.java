package dev.halfday.engine.detect;

import java.util.List;

/**
 * What a detector found in one image.
 *
 * @param width      image width as displayed (after EXIF orientation)
 * @param height     image height as displayed
 * @param detections best first
 * @param timing     where the time went
 * @param model      name of the model that produced this
 */
public record DetectionResult(int width, int height, List<Detection> detections, Timing timing, String model) {

    public DetectionResult {
        detections = List.copyOf(detections);
    }

    /** Detections at or above a threshold, for live re-filtering without re-running the model. */
    public List<Detection> above(float threshold) {
        return detections.stream().filter(d -> d.score() >= threshold).toList();
    }

    /**
     * Milliseconds spent on one image.
     *
     * @param decodeMs    reading and decoding the file (0 when a decoded image was given)
     * @param inferenceMs preprocessing, the model run and post-processing
     */
    public record Timing(double decodeMs, double inferenceMs) {
        public double totalMs() {
            return decodeMs + inferenceMs;
        }
    }
}
