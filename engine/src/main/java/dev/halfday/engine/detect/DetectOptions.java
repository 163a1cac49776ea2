package dev.halfday.engine.detect;

/**
 * How raw model output becomes detections.
 *
 * @param minScore      drop detections scoring below this (the default threshold is 0.3)
 * @param iouThreshold  non-maximum suppression: a box overlapping a better one by more than this is dropped
 * @param classAwareNms suppress only boxes of the same class (true) or any class (false)
 * @param maxDetections keep at most this many, best first
 */
public record DetectOptions(float minScore, float iouThreshold, boolean classAwareNms, int maxDetections) {

    public static final float DEFAULT_THRESHOLD = 0.3f;
    public static final float DEFAULT_IOU = 0.5f;

    public DetectOptions {
        if (!(minScore >= 0f && minScore <= 1f)) {
            throw new IllegalArgumentException("threshold must be between 0 and 1, got " + minScore);
        }
        if (!(iouThreshold > 0f && iouThreshold <= 1f)) {
            throw new IllegalArgumentException("IoU threshold must be in (0, 1], got " + iouThreshold);
        }
        if (maxDetections < 1) {
            throw new IllegalArgumentException("maxDetections must be at least 1, got " + maxDetections);
        }
    }

    public static DetectOptions defaults() {
        return new DetectOptions(DEFAULT_THRESHOLD, DEFAULT_IOU, true, 100);
    }

    public DetectOptions withMinScore(float value) {
        return new DetectOptions(value, iouThreshold, classAwareNms, maxDetections);
    }

    public DetectOptions withIouThreshold(float value) {
        return new DetectOptions(minScore, value, classAwareNms, maxDetections);
    }

    public DetectOptions withClassAwareNms(boolean value) {
        return new DetectOptions(minScore, iouThreshold, value, maxDetections);
    }
}
