package dev.halfday.engine.gan.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFilesWriterTest {

    @TempDir
    Path dir;

    private static TrainingEvent.Step step(long s) {
        return new TrainingEvent.Step(s, 1.3f + s / 100f, 0.7f, 0.55f, 0.45f, 460.5f);
    }

    private List<JsonNode> lines() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(dir.resolve(RunFilesWriter.METRICS))) {
            out.add(new ObjectMapper().readTree(l));
        }
        return out;
    }

    @Test
    void writesOneJsonObjectPerStepWithTheContractKeysAndHoldsLinesBackUntilTheirFidArrives() throws Exception {
        try (RunFilesWriter w = new RunFilesWriter(dir)) {
            w.onEvent(step(1));
            w.onEvent(step(2));
            w.onEvent(new TrainingEvent.FidScheduled(3));
            w.onEvent(step(3));
            w.onEvent(step(4));
            w.onEvent(new TrainingEvent.StateChanged(4, TrainerState.PAUSED, "paused")); // flushes, keeps 3 and 4 held
            assertThat(Files.readAllLines(dir.resolve(RunFilesWriter.METRICS))).hasSize(2);
            w.onEvent(new TrainingEvent.Fid(3, 42.5, 1200));
            w.onEvent(step(5));
        }
        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(5);
        List<String> keys = new ArrayList<>();
        lines.get(0).fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("step", "dLoss", "gLoss", "dReal", "dFake", "imgsPerSec");
        assertThat(lines.get(0).get("dLoss").floatValue()).isEqualTo(1.31f);
        assertThat(lines.get(2).get("step").asLong()).isEqualTo(3);
        assertThat(lines.get(2).get("fid").asDouble()).isEqualTo(42.5);
        assertThat(lines.get(3).has("fid")).isFalse();
        assertThat(Files.readString(dir.resolve(RunFilesWriter.FID_CSV))).isEqualTo("step,fid\n3,42.5\n");
    }

    @Test
    void aSkippedFidReleasesTheLinesWithoutAValue() throws Exception {
        try (RunFilesWriter w = new RunFilesWriter(dir)) {
            w.onEvent(new TrainingEvent.FidScheduled(1));
            w.onEvent(step(1));
            w.onEvent(new TrainingEvent.Fid(1, Double.NaN, 0));
        }
        assertThat(lines()).singleElement().satisfies(l -> assertThat(l.has("fid")).isFalse());
        assertThat(Files.exists(dir.resolve(RunFilesWriter.FID_CSV))).isFalse();
    }

    @Test
    void goingBackToAnEarlierStepRemovesTheLinesAfterIt() throws Exception {
        try (RunFilesWriter w = new RunFilesWriter(dir)) {
            for (int s = 1; s <= 6; s++) {
                w.onEvent(step(s));
            }
            w.onEvent(new TrainingEvent.Diverged(4, 7, 4, "diverged"));
            w.onEvent(step(5));
        }
        assertThat(lines()).extracting(l -> l.get("step").asLong()).containsExactly(1L, 2L, 3L, 4L, 5L);
        // a resumed run whose checkpoint is older than the file (killed between checkpoints) rewinds too
        try (RunFilesWriter w = new RunFilesWriter(dir)) {
            w.onEvent(step(3));
        }
        assertThat(lines()).extracting(l -> l.get("step").asLong()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void writesEachGridAsAPng() throws Exception {
        byte[] pixels = new byte[64 * 28 * 28];
        java.util.Arrays.fill(pixels, (byte) 200);
        SampleGrid grid = new SampleGrid(300, 8, 8, 28, 1, pixels);
        try (RunFilesWriter w = new RunFilesWriter(dir)) {
            w.onEvent(new TrainingEvent.Samples(300, grid));
        }
        var image = ImageIO.read(dir.resolve("grid-300.png").toFile());
        assertThat(image.getWidth()).isEqualTo(grid.width(2)).isEqualTo(8 * (56 + 2) + 2);
        assertThat(image.getRGB(2 + 10, 2 + 10) & 0xffffff).isEqualTo(0xc8c8c8);
    }
}
