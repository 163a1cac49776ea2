package dev.halfday.engine.detect.centernet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.halfday.engine.detect.DetectOptions;
import dev.halfday.engine.detect.Detection;
import dev.halfday.engine.detect.DetectionResult;
import dev.halfday.engine.image.DecodedImage;
import dev.halfday.engine.testing.Samples;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's raw model rows against the model's own runtime: TF.js 4.22 (wasm backend) in Node, run by
 * tools/tfjs-reference/reference.mjs on the same photos with the same letterbox done by TF.js ops. The reference
 * JSON is committed, so this test needs no Node.
 */
class FidelityTest {

    private static final double TOLERANCE = 0.005;
    /** Rows at least this confident are compared; below it, near-equal scores may legitimately swap order. */
    private static final double MIN_COMPARED_SCORE = 0.05;

    private static CenterNetDetector detector;
    private static JsonNode reference;

    @BeforeAll
    static void load() throws Exception {
        detector = CenterNetDetector.loadBundled();
        try (InputStream in = FidelityTest.class.getResourceAsStream("/fidelity/tfjs-wasm-reference.json")) {
            reference = new ObjectMapper().readTree(in);
        }
    }

    @AfterAll
    static void close() {
        detector.close();
    }

    @Test
    void referenceWasMadeFromTheBundledModelFiles() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(Files.readAllBytes(Path.of("..", "models", "coco-centernet", "centernet.json")));
        sha.update(Files.readAllBytes(Path.of("..", "models", "coco-centernet", "centernet.bin")));
        assertThat(reference.get("modelSha256").asText()).isEqualTo(HexFormat.of().formatHex(sha.digest()));
        assertThat(reference.get("runtime").asText()).contains("tfjs-core 4.22.0").contains("backend wasm");
        assertThat(reference.get("images")).extracting(i -> i.get("file").asText())
                .containsExactly("astronaut.png", "chelsea.png", "coffee.png", "motorcycle_left.png");
    }

    @Test
    void rawRowsMatchTfjsWithinTolerance() {
        for (JsonNode image : reference.get("images")) {
            String file = image.get("file").asText();
            DecodedImage decoded = Samples.decode(Samples.photo(file));
            CenterNetDetector.RawOutput raw = detector.runRaw(decoded.image());

            Letterbox lb = raw.letterbox();
            assertThat(List.of(lb.resizedWidth(), lb.resizedHeight(), lb.padX(), lb.padY())).as(file)
                    .containsExactly(image.get("resizedWidth").asInt(), image.get("resizedHeight").asInt(),
                            image.get("padX").asInt(), image.get("padY").asInt());

            List<float[]> expected = rows(image.get("rows"));
            List<float[]> unmatched = new ArrayList<>(List.of(raw.rows()));
            int compared = 0;
            for (float[] want : expected) {
                if (want[4] < MIN_COMPARED_SCORE) {
                    continue;
                }
                float[] got = closest(unmatched, want);
                assertThat(got).as("%s: no engine row for TF.js row %s", file, java.util.Arrays.toString(want)).isNotNull();
                for (int k = 0; k < 6; k++) {
                    assertThat((double) Math.abs(got[k] - want[k])).as("%s row %s value %d (engine %s)", file,
                            java.util.Arrays.toString(want), k, java.util.Arrays.toString(got)).isLessThanOrEqualTo(TOLERANCE);
                }
                unmatched.remove(got);
                compared++;
            }
            assertThat(compared).as(file).isGreaterThanOrEqualTo(5);
            // The best rows are the same rows in the same order: the ranking does not depend on the runtime.
            for (int i = 0; i < 3; i++) {
                assertThat(raw.rows()[i][5]).as("%s rank %d class", file, i).isEqualTo(expected.get(i)[5]);
                assertThat((double) Math.abs(raw.rows()[i][4] - expected.get(i)[4])).isLessThanOrEqualTo(TOLERANCE);
            }
        }
    }

    @Test
    void finalDetectionsOnTheSamplePhotos() {
        Map<String, String> expected = Map.of("astronaut.png", "person", "chelsea.png", "cat",
                "coffee.png", "cup", "motorcycle_left.png", "motorcycle");
        expected.forEach((file, label) -> {
            DetectionResult r = detector.detect(Samples.decode(Samples.photo(file)), DetectOptions.defaults());
            assertThat(r.detections()).as(file).isNotEmpty();
            assertThat(r.detections().get(0).label()).as(file).isEqualTo(label);
        });
        List<Detection> rocket = detector.detect(Samples.decode(Samples.photo("rocket.jpg")), DetectOptions.defaults())
                .detections();
        assertThat(rocket).as("nothing at or above 0.3 on rocket.jpg").isEmpty();
    }

    /** The engine row of the same class whose values are nearest the reference row. */
    private static float[] closest(List<float[]> rows, float[] want) {
        float[] best = null;
        double bestDistance = Double.MAX_VALUE;
        for (float[] row : rows) {
            if (row[5] != want[5]) {
                continue;
            }
            double d = 0;
            for (int k = 0; k < 5; k++) {
                d = Math.max(d, Math.abs(row[k] - want[k]));
            }
            if (d < bestDistance) {
                bestDistance = d;
                best = row;
            }
        }
        return best;
    }

    private static List<float[]> rows(JsonNode array) {
        List<float[]> rows = new ArrayList<>();
        for (JsonNode r : array) {
            float[] row = new float[6];
            for (int k = 0; k < 6; k++) {
                row[k] = (float) r.get(k).asDouble();
            }
            rows.add(row);
        }
        return rows;
    }
}
