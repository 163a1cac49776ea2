package dev.halfday.engine.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Greedy non-maximum suppression: walking from the best score down, a detection is kept unless it overlaps an
 * already kept one by more than the IoU threshold. Class-aware suppression only compares boxes of one class, so
 * a person on a bicycle keeps both boxes; class-agnostic suppression keeps one box per place.
 */
public final class NonMaxSuppression {

    private NonMaxSuppression() {
    }

    /** Applies {@code options}' score threshold, IoU threshold, class awareness and maximum count. */
    public static List<Detection> apply(List<Detection> candidates, DetectOptions options) {
        List<Detection> sorted = new ArrayList<>(candidates.size());
        for (Detection d : candidates) {
            if (d.score() >= options.minScore()) {
                sorted.add(d);
            }
        }
        sorted.sort(Comparator.comparingDouble(Detection::score).reversed());
        List<Detection> kept = new ArrayList<>();
        for (Detection candidate : sorted) {
            if (kept.size() >= options.maxDetections()) {
                break;
            }
            boolean suppressed = false;
            for (Detection k : kept) {
                if ((!options.classAwareNms() || k.classIndex() == candidate.classIndex())
                        && k.box().iou(candidate.box()) > options.iouThreshold()) {
                    suppressed = true;
                    break;
                }
            }
            if (!suppressed) {
                kept.add(candidate);
            }
        }
        return kept;
    }
}
