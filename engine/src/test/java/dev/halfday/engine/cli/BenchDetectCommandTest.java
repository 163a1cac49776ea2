package dev.halfday.engine.cli;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BenchDetectCommandTest {

    @Test
    void printsOneContractLinePerScenario() {
        DetectCommandTest.Run r = DetectCommandTest.run("bench", "detect", "--runs", "3", "--warmup", "1",
                "--count", "6", "--cold-runs", "1");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(2);
        for (String line : lines) {
            assertThat(line).startsWith("detect p50_ms=");
            Map<String, String> kv = parse(line);
            assertThat(kv.keySet()).containsSequence("p50_ms", "p90_ms", "imgs_per_s", "rss_mb", "cold_start_ms");
            assertThat(Double.parseDouble(kv.get("p50_ms"))).isPositive();
            assertThat(Double.parseDouble(kv.get("p90_ms"))).isGreaterThanOrEqualTo(Double.parseDouble(kv.get("p50_ms")));
            assertThat(Double.parseDouble(kv.get("imgs_per_s"))).isPositive();
            assertThat(Long.parseLong(kv.get("rss_mb"))).isGreaterThan(100);
            assertThat(Double.parseDouble(kv.get("cold_start_ms"))).isGreaterThan(100);
        }
        assertThat(parse(lines.get(0))).containsEntry("scenario", "fixed-512x512").containsEntry("runs", "3");
        assertThat(parse(lines.get(1))).containsEntry("scenario", "folder").containsEntry("files", "6")
                .containsEntry("failed", "0")
                .as("the folder batch runs with detect's own default")
                .containsEntry("inference", Integer.toString(dev.halfday.engine.detect.BatchDetection.defaultInferenceThreads()));
    }

    @Test
    void percentileIsNearestRank() {
        double[] v = {5, 1, 4, 2, 3, 6, 7, 8, 9, 10};
        assertThat(BenchDetectCommand.percentile(v, 50)).isEqualTo(5);
        assertThat(BenchDetectCommand.percentile(v, 90)).isEqualTo(9);
        assertThat(BenchDetectCommand.percentile(new double[] {42}, 90)).isEqualTo(42);
    }

    private static Map<String, String> parse(String line) {
        Map<String, String> kv = new LinkedHashMap<>();
        Arrays.stream(line.split(" ")).skip(1).forEach(p -> {
            int eq = p.indexOf('=');
            kv.put(p.substring(0, eq), p.substring(eq + 1));
        });
        return kv;
    }
}
