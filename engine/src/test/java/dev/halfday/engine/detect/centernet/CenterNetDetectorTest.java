package dev.halfday.engine.detect.centernet;

import dev.halfday.engine.detect.DetectOptions;
import dev.halfday.engine.detect.Detection;
import dev.halfday.engine.detect.DetectionResult;
import dev.halfday.engine.image.DecodedImage;
import dev.halfday.engine.testing.Samples;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The bundled model on the real sample photos. */
class CenterNetDetectorTest {

    private static CenterNetDetector detector;

    @BeforeAll
    static void load() throws Exception {
        detector = CenterNetDetector.loadBundled();
    }

    @AfterAll
    static void close() {
        detector.close();
    }

    @ParameterizedTest
    @CsvSource({
            "astronaut.png, person, 人",
            "chelsea.png, cat, 猫",
            "coffee.png, cup, 杯子",
            "motorcycle_left.png, motorcycle, 摩托车",
    })
    void findsTheObjectInEachSamplePhoto(String photo, String label, String labelZh) {
        DecodedImage image = Samples.decode(Samples.photo(photo));
        DetectionResult result = detector.detect(image, DetectOptions.defaults());

        assertThat(result.width()).isEqualTo(image.width());
        assertThat(result.height()).isEqualTo(image.height());
        assertThat(result.model()).isEqualTo("coco-centernet");
        assertThat(result.detections()).isNotEmpty();
        Detection best = result.detections().get(0);
        assertThat(best.label()).isEqualTo(label);
        assertThat(best.labelZh()).isEqualTo(labelZh);
        assertThat(best.score()).isGreaterThanOrEqualTo(0.3f);
        assertThat(result.detections()).allSatisfy(d -> {
            assertThat(d.score()).isGreaterThanOrEqualTo(DetectOptions.DEFAULT_THRESHOLD);
            assertThat(d.box().x1()).isBetween(0f, (float) image.width());
            assertThat(d.box().x2()).isBetween(d.box().x1(), (float) image.width());
            assertThat(d.box().y1()).isBetween(0f, (float) image.height());
            assertThat(d.box().y2()).isBetween(d.box().y1(), (float) image.height());
        });
        assertThat(result.timing().inferenceMs()).isPositive();
    }

    @Test
    void findsNothingConfidentOnTheRocketLaunch() {
        DetectionResult result = detector.detect(Samples.decode(Samples.photo("rocket.jpg")), DetectOptions.defaults());
        assertThat(result.detections()).isEmpty();
    }

    @Test
    void catBoxCoversTheCatInOriginalPixels() {
        // chelsea.png is 451×300: letterboxed with scale 512/451 and 41 px of padding above and below.
        DetectionResult result = detector.detect(Samples.decode(Samples.photo("chelsea.png")), DetectOptions.defaults());
        Detection cat = result.detections().get(0);
        assertThat(cat.box().y1()).isLessThan(30f);
        assertThat(cat.box().y2()).isGreaterThan(270f);
        assertThat(cat.box().x2()).isGreaterThan(350f);
    }

    @Test
    void boxesLandOnTheImageAsDisplayedForExifOrientationSix() {
        // orientation6.jpg stores coffee.png turned counter-clockwise and says "show me turned clockwise".
        DetectionResult upright = detector.detect(Samples.decode(Samples.photo("coffee.png")), DetectOptions.defaults());
        DetectionResult turned = detector.detect(Samples.decode(Samples.fixture("orientation6.jpg")),
                DetectOptions.defaults());
        assertThat(turned.width()).isEqualTo(600);
        assertThat(turned.height()).isEqualTo(400);
        Detection want = upright.detections().get(0);
        Detection got = turned.detections().get(0);
        assertThat(got.label()).isEqualTo("cup");
        assertThat(got.box().iou(want.box())).isGreaterThan(0.9f);
    }

    @Test
    void lowerThresholdKeepsMoreAndHigherKeepsFewer() {
        DecodedImage image = Samples.decode(Samples.photo("motorcycle_left.png"));
        int low = detector.detect(image, DetectOptions.defaults().withMinScore(0.1f)).detections().size();
        int standard = detector.detect(image, DetectOptions.defaults()).detections().size();
        int high = detector.detect(image, DetectOptions.defaults().withMinScore(0.65f)).detections().size();
        assertThat(low).isGreaterThan(standard);
        assertThat(standard).isGreaterThanOrEqualTo(high);
        assertThat(high).isEqualTo(1);
    }

    @Test
    void rawRowsAreSortedByScoreWithValidClasses() {
        CenterNetDetector.RawOutput raw = detector.runRaw(Samples.decode(Samples.photo("coffee.png")).image());
        assertThat(raw.rows()).hasNumberOfRows(100);
        for (int i = 1; i < raw.rows().length; i++) {
            assertThat(raw.rows()[i][4]).isLessThanOrEqualTo(raw.rows()[i - 1][4]);
            assertThat(raw.rows()[i][5]).isBetween(0f, 79f);
        }
        assertThat(raw.letterbox()).isEqualTo(Letterbox.of(600, 400, 512));
    }

    @Test
    void manyThreadsShareOneDetectorAndGetTheSameAnswers() throws Exception {
        List<BufferedImage> images = new ArrayList<>();
        List<DetectionResult> expected = new ArrayList<>();
        for (String photo : List.of("astronaut.png", "chelsea.png", "coffee.png", "motorcycle_left.png")) {
            BufferedImage image = Samples.decode(Samples.photo(photo)).image();
            images.add(image);
            expected.add(detector.detect(image, DetectOptions.defaults().withMinScore(0.1f)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<DetectionResult>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                BufferedImage image = images.get(i % images.size());
                calls.add(() -> detector.detect(image, DetectOptions.defaults().withMinScore(0.1f)));
            }
            List<Future<DetectionResult>> futures = pool.invokeAll(calls);
            for (int i = 0; i < futures.size(); i++) {
                List<Detection> got = futures.get(i).get().detections();
                List<Detection> want = expected.get(i % images.size()).detections();
                assertThat(got).hasSameSizeAs(want);
                for (int j = 0; j < got.size(); j++) {
                    assertThat(got.get(j).classIndex()).isEqualTo(want.get(j).classIndex());
                    assertThat(got.get(j).score()).isCloseTo(want.get(j).score(), within(1e-4f));
                    assertThat(got.get(j).box().x1()).isCloseTo(want.get(j).box().x1(), within(1e-2f));
                    assertThat(got.get(j).box().y2()).isCloseTo(want.get(j).box().y2(), within(1e-2f));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aClosedDetectorRefusesWork() throws Exception {
        CenterNetDetector second = CenterNetDetector.loadBundled();
        second.close();
        second.close(); // idempotent
        BufferedImage image = Samples.decode(Samples.photo("coffee.png")).image();
        assertThatThrownBy(() -> second.detect(image, DetectOptions.defaults()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
