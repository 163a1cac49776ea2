package dev.halfday.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.SavedModelBundle;

/** train-gan, gan-sample, gan-export through the real command line, on the bundled data. */
class GanCommandsTest {

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run cli(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = HalfdayCli.run(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private List<JsonNode> metrics(Path run) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String l : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            lines.add(new ObjectMapper().readTree(l));
        }
        return lines;
    }

    @Test
    void trainSampleResumeAndExport() throws Exception {
        Path run = dir.resolve("run");
        Run first = cli("train-gan", "--steps", "12", "--batch", "8", "--fid-every", "0", "--sample-every", "5",
                "--checkpoint-every", "10", "--out", run.toString());
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).startsWith("train-gan steps=12 ");
        assertThat(first.err()).contains("step 12/12").contains("img/s").contains("ETA");
        List<JsonNode> lines = metrics(run);
        assertThat(lines).hasSize(12);
        for (int i = 0; i < 12; i++) {
            JsonNode l = lines.get(i);
            assertThat(l.get("step").asLong()).isEqualTo(i + 1);
            for (String key : List.of("dLoss", "gLoss", "dReal", "dFake", "imgsPerSec")) {
                assertThat(l.get(key).isNumber()).as(key).isTrue();
            }
        }
        for (String grid : List.of("grid-0.png", "grid-5.png", "grid-10.png", "grid-12.png")) {
            assertThat(run.resolve(grid)).exists();
        }
        assertThat(run.resolve("checkpoints/step-000000012/state.json")).exists();

        Path png = dir.resolve("sample.png");
        Run sample = cli("gan-sample", "--checkpoint", run.toString(), "--out", png.toString());
        assertThat(sample.exit()).as(sample.err()).isZero();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(8 * (56 + 2) + 2);
        // the grid from the checkpoint is the grid training drew at that step (same fixed noise)
        BufferedImage trained = ImageIO.read(run.resolve("grid-12.png").toFile());
        assertThat(image.getRGB(30, 30)).isEqualTo(trained.getRGB(30, 30));
        assertThat(image.getRGB(200, 150)).isEqualTo(trained.getRGB(200, 150));

        Run resumed = cli("train-gan", "--resume", "--steps", "15", "--fid-every", "0", "--out", run.toString());
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("resumed from the checkpoint of step 12");
        assertThat(metrics(run)).extracting(l -> l.get("step").asLong())
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L);

        Path export = dir.resolve("generator");
        Run exported = cli("gan-export", "--checkpoint", run.toString(), "--out", export.toString());
        assertThat(exported.exit()).as(exported.err()).isZero();
        try (SavedModelBundle bundle = SavedModelBundle.load(export.toString(), "serve")) {
            assertThat(bundle.signatures()).isNotEmpty();
        }
    }

    @Test
    void badArgumentsAreUsageErrorsInPlainWords() throws Exception {
        Run unknown = cli("train-gan", "--dataset", "cifar", "--out", dir.toString());
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown dataset 'cifar'");
        Run badBatch = cli("train-gan", "--batch", "1", "--out", dir.toString());
        assertThat(badBatch.exit()).isEqualTo(2);
        assertThat(badBatch.err()).contains("batch size must be between 2 and 1024");
        Run noCheckpoint = cli("gan-sample", "--checkpoint", dir.toString(), "--out", dir.resolve("x.png").toString());
        assertThat(noCheckpoint.exit()).isEqualTo(2);
        assertThat(noCheckpoint.err()).contains("no checkpoint in");
        Run fidNoCheckpoint = cli("gan-fid", "--checkpoint", dir.toString());
        assertThat(fidNoCheckpoint.exit()).as("like gan-sample, before the classifier loads").isEqualTo(2);
        assertThat(fidNoCheckpoint.err()).contains("no checkpoint in");
        Path aFile = Files.writeString(dir.resolve("a-file"), "not a folder");
        Run outIsAFile = cli("train-gan", "--steps", "1", "--out", aFile.toString());
        assertThat(outIsAFile.exit()).isEqualTo(2);
        assertThat(outIsAFile.err()).contains("--out " + aFile + " is a file, not a folder");
        Run noSteps = cli("bench", "gan", "--steps", "0");
        assertThat(noSteps.exit()).isEqualTo(2);
        assertThat(noSteps.err()).contains("--steps and --round must be at least 1");
    }
}
