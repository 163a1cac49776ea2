package dev.halfday.engine.serve;

import dev.halfday.engine.cli.HalfdayCli;
import dev.halfday.engine.detect.DetectOptions;
import dev.halfday.engine.detect.Detection;
import dev.halfday.engine.detect.DetectionResult;
import dev.halfday.engine.detect.Detector;
import dev.halfday.engine.detect.Detectors;
import dev.halfday.engine.detect.LabelSet;
import dev.halfday.engine.image.DecodedImage;
import dev.halfday.engine.image.ImageDecoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exported SavedModel, run by TensorFlow itself, must find what the engine finds on the same real photos:
 * the letterbox and NMS in the graph reproduce the engine's Java ones.
 */
class SavedModelExportTest {

    private static final String[] SAMPLES = {"chelsea.png", "astronaut.png", "coffee.png", "motorcycle_left.png", "rocket.jpg"};

    private static Path base;
    private static Detector engine;

    @BeforeAll
    static void export() throws Exception {
        base = Files.createTempDirectory(Path.of(System.getProperty("halfday.home", "target")).getParent(), "export-");
        assertThat(HalfdayCli.run("export-detector", "--out", base.toString())).isZero();
        engine = Detectors.loadDefault();
    }

    @AfterAll
    static void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void writesVersionOneAsTfServingExpectsAndTheNextExportIsVersionTwo() throws Exception {
        assertThat(base.resolve("1/saved_model.pb")).isRegularFile();
        try (var entries = Files.list(base)) {
            assertThat(entries.map(p -> p.getFileName().toString()).toList())
                    .as("no staging folder left behind").containsExactly("1");
        }
        assertThat(SavedModelExport.nextVersion(base)).isEqualTo(2);
    }

    @Test
    void theEnginesOwnObjectDetectionApiLoaderRunsTheExport() throws Exception {
        try (Detector odApi = Detectors.load(base.resolve("1"))) {
            assertThat(odApi.model().family()).isEqualTo("tf-od-api");
            DetectionResult r = odApi.detect(decode("chelsea.png"), DetectOptions.defaults());
            assertThat(r.detections()).isNotEmpty();
            assertThat(r.detections().get(0).label()).isEqualTo("cat");
            DetectionResult expected = engine.detect(decode("chelsea.png"), DetectOptions.defaults());
            assertThat(r.detections().get(0).box().iou(expected.detections().get(0).box())).isGreaterThan(0.95f);
        }
    }

    @Test
    void signatureIsTheObjectDetectionApis() {
        try (SavedModelBundle bundle = SavedModelBundle.load(base.resolve("1").toString(), "serve")) {
            SessionFunction f = bundle.function(OdApiSignature.DEFAULT_SIGNATURE);
            assertThat(f.signature().inputNames()).containsExactly(OdApiSignature.INPUT);
            assertThat(f.signature().outputNames()).containsExactlyInAnyOrderElementsOf(OdApiSignature.OUTPUTS);
            assertThat(f.signature().methodName()).isEqualTo(OdApiSignature.PREDICT_METHOD);
        }
    }

    @Test
    void exportFindsWhatTheEngineFindsOnTheSamplePhotos() throws Exception {
        LabelSet labels = LabelSet.coco80();
        int compared = 0;
        try (SavedModelBundle bundle = SavedModelBundle.load(base.resolve("1").toString(), "serve")) {
            SessionFunction f = bundle.function(OdApiSignature.DEFAULT_SIGNATURE);
            for (String sample : SAMPLES) {
                DecodedImage image = decode(sample);
                List<Detection> engineFound = engine.detect(image, DetectOptions.defaults().withMinScore(LOWEST)).detections();
                List<Detection> exportFound = run(f, image, labels);
                compared += assertSame(sample, engineFound, exportFound);
                compared += assertSame(sample + " (reverse)", exportFound, engineFound);
            }
        }
        assertThat(compared).as("detections compared").isGreaterThan(20);
    }

    /** Both sides list everything above this; detections are compared from {@link #COMPARED} up. */
    private static final float LOWEST = 0.05f;
    private static final float COMPARED = 0.12f;

    /**
     * Every detection of {@code from} scoring at least {@link #COMPARED} is in {@code in}: same class, box
     * overlapping by IoU > 0.95, score within 0.01. Returns how many were compared.
     */
    private static int assertSame(String sample, List<Detection> from, List<Detection> in) {
        int n = 0;
        for (Detection e : from) {
            if (e.score() < COMPARED) {
                continue;
            }
            Detection match = in.stream().filter(a -> a.classIndex() == e.classIndex())
                    .max((a, b) -> Float.compare(a.box().iou(e.box()), b.box().iou(e.box()))).orElse(null);
            assertThat(match).as(sample + ": no counterpart for " + e + " in " + in).isNotNull();
            assertThat(match.box().iou(e.box())).as(sample + ": box of " + e + " vs " + match).isGreaterThan(0.95f);
            assertThat(match.score()).as(sample + ": score of " + e + " vs " + match)
                    .isCloseTo(e.score(), org.assertj.core.data.Offset.offset(0.01f));
            n++;
        }
        return n;
    }

    private static List<Detection> run(SessionFunction f, DecodedImage image, LabelSet labels) {
        byte[] rgb = Tensors.uint8Image(image.image()).getTensorContent().toByteArray();
        int w = image.width();
        int h = image.height();
        try (TUint8 input = TUint8.tensorOf(Shape.of(1, h, w, 3), DataBuffers.of(rgb, true, false));
             Result result = f.call(Map.of(OdApiSignature.INPUT, input))) {
            float[] boxes = floats(result.get(OdApiSignature.BOXES).orElseThrow());
            float[] scores = floats(result.get(OdApiSignature.SCORES).orElseThrow());
            float[] classes = floats(result.get(OdApiSignature.CLASSES).orElseThrow());
            int n = (int) floats(result.get(OdApiSignature.NUM_DETECTIONS).orElseThrow())[0];
            assertThat(scores).hasSize(OdApiSignature.MAX_DETECTIONS);
            List<Detection> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                LabelSet.Entry e = labels.byCocoId(Math.round(classes[i])).orElseThrow();
                out.add(new Detection(e.index(), e.en(), e.zh(), scores[i], new dev.halfday.engine.detect.BoundingBox(
                        boxes[4 * i + 1] * w, boxes[4 * i] * h, boxes[4 * i + 3] * w, boxes[4 * i + 2] * h)));
            }
            for (int i = n; i < scores.length; i++) {
                assertThat(scores[i]).as("padding rows score 0").isZero();
            }
            return out;
        }
    }

    private static float[] floats(Tensor t) {
        float[] out = new float[(int) t.shape().size()];
        ((TFloat32) t).asRawTensor().data().asFloats().read(out);
        return out;
    }

    private static DecodedImage decode(String sample) throws Exception {
        try (InputStream in = SavedModelExportTest.class.getResourceAsStream("/halfday/resources/samples/" + sample)) {
            return ImageDecoder.standard().decode(in.readAllBytes());
        }
    }
}
