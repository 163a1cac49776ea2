package dev.halfday.engine.detect;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NonMaxSuppressionTest {

    private static Detection det(int cls, float score, float x1, float y1, float x2, float y2) {
        LabelSet.Entry e = LabelSet.coco80().get(cls);
        return new Detection(cls, e.en(), e.zh(), score, new BoundingBox(x1, y1, x2, y2));
    }

    private final Detection person = det(0, 0.9f, 0, 0, 100, 100);
    private final Detection personShifted = det(0, 0.8f, 10, 0, 110, 100);   // IoU 90/110 ≈ 0.82
    private final Detection bicycleSamePlace = det(1, 0.7f, 5, 0, 105, 100); // IoU with person ≈ 0.90
    private final Detection personElsewhere = det(0, 0.6f, 300, 300, 400, 400);
    private final Detection personHalfOverlap = det(0, 0.5f, 50, 0, 150, 100); // IoU with person 1/3

    @Test
    void classAwareKeepsOverlappingBoxesOfDifferentClasses() {
        List<Detection> kept = NonMaxSuppression.apply(
                List.of(personShifted, bicycleSamePlace, person, personElsewhere), DetectOptions.defaults());
        assertThat(kept).containsExactly(person, bicycleSamePlace, personElsewhere);
    }

    @Test
    void classAgnosticKeepsOneBoxPerPlace() {
        List<Detection> kept = NonMaxSuppression.apply(
                List.of(person, personShifted, bicycleSamePlace, personElsewhere),
                DetectOptions.defaults().withClassAwareNms(false));
        assertThat(kept).containsExactly(person, personElsewhere);
    }

    @Test
    void iouThresholdDecidesWhatCountsAsTheSameObject() {
        List<Detection> in = List.of(person, personHalfOverlap);
        assertThat(NonMaxSuppression.apply(in, DetectOptions.defaults().withIouThreshold(0.5f)))
                .containsExactly(person, personHalfOverlap);
        assertThat(NonMaxSuppression.apply(in, DetectOptions.defaults().withIouThreshold(0.3f)))
                .containsExactly(person);
    }

    @Test
    void scoreThresholdAndMaximumCountApply() {
        List<Detection> in = List.of(person, personElsewhere, personHalfOverlap);
        assertThat(NonMaxSuppression.apply(in, DetectOptions.defaults().withMinScore(0.55f)))
                .containsExactly(person, personElsewhere);
        assertThat(NonMaxSuppression.apply(in, new DetectOptions(0f, 0.5f, true, 1))).containsExactly(person);
    }
}
