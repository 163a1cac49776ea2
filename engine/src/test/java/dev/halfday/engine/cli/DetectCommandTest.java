package dev.halfday.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.halfday.engine.detect.odapi.TinyOdApiModel;
import dev.halfday.engine.testing.Samples;
import dev.halfday.engine.testing.UnreadableFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The detect command through picocli, as bin/halfday runs it, with the real model. */
class DetectCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Run(int exit, String out, String err) {
        List<JsonNode> jsonLines() throws Exception {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (!line.isBlank()) {
                    lines.add(JSON.readTree(line));
                }
            }
            return lines;
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = HalfdayCli.newCommandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void jsonLinesFollowTheContractAndBadFilesDoNotStopTheBatch(@TempDir Path tmp) throws Exception {
        Path photos = tmp.resolve("photos");
        Files.createDirectories(photos.resolve("nested"));
        Files.copy(Samples.photo("chelsea.png"), photos.resolve("chelsea.png"));
        Files.copy(Samples.photo("coffee.png"), photos.resolve("nested").resolve("coffee.png"));
        Files.copy(Samples.fixture("orientation6.jpg"), photos.resolve("nested").resolve("turned.jpg"));
        Files.copy(Samples.fixture("truncated.png"), photos.resolve("truncated.png"));
        Files.writeString(photos.resolve("readme.txt"), "not an image, and not named like one: skipped");
        Path out = tmp.resolve("annotated");

        Run r = run("detect", "--json", "--out", out.toString(), photos.toString(),
                Samples.fixture("notes.jpg").toString());

        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        List<JsonNode> lines = r.jsonLines();
        assertThat(lines).extracting(l -> Path.of(l.get("file").asText()).getFileName().toString())
                .containsExactly("chelsea.png", "coffee.png", "turned.jpg", "truncated.png", "notes.jpg");

        // The line as written: ms to 0.1, score to 0.001 (always three decimals), box to 0.1 pixel, nothing else.
        String detection = "\\{\"class\":\\d+,\"label\":\"[^\"]+\",\"labelZh\":\"[^\"]+\",\"score\":(0\\.\\d{3}|1\\.000),"
                + "\"box\":\\[\\d+\\.\\d,\\d+\\.\\d,\\d+\\.\\d,\\d+\\.\\d\\]\\}";
        assertThat(r.out().lines().findFirst().orElseThrow()).matches("\\{\"file\":\"[^\"]*chelsea\\.png\",\"width\":451,"
                + "\"height\":300,\"ms\":\\d+\\.\\d,\"detections\":\\[\\{\"class\":15,\"label\":\"cat\",\"labelZh\":\"猫\","
                + "\"score\":0\\.\\d{3},\"box\":\\[\\d+\\.\\d,\\d+\\.\\d,\\d+\\.\\d,\\d+\\.\\d\\]\\}(," + detection + ")*\\]\\}");

        JsonNode cat = lines.get(0);
        assertThat(fieldNames(cat)).containsExactly("file", "width", "height", "ms", "detections");
        assertThat(cat.get("width").asInt()).isEqualTo(451);
        assertThat(cat.get("height").asInt()).isEqualTo(300);
        assertThat(cat.get("ms").isNumber()).isTrue();
        JsonNode d = cat.get("detections").get(0);
        assertThat(fieldNames(d)).containsExactly("class", "label", "labelZh", "score", "box");
        assertThat(d.get("class").asInt()).isEqualTo(15);
        assertThat(d.get("label").asText()).isEqualTo("cat");
        assertThat(d.get("labelZh").asText()).isEqualTo("猫");
        assertThat(d.get("score").asDouble()).isBetween(0.45, 0.6);
        assertThat(d.get("box")).hasSize(4);
        assertThat(d.get("box").get(2).asDouble()).isBetween(380.0, 451.0);

        JsonNode turned = lines.get(2);
        assertThat(turned.get("width").asInt()).as("EXIF orientation applied").isEqualTo(600);
        assertThat(turned.get("height").asInt()).isEqualTo(400);
        assertThat(turned.get("detections").get(0).get("label").asText()).isEqualTo("cup");

        assertThat(fieldNames(lines.get(3))).containsExactly("file", "error");
        assertThat(lines.get(3).get("error").asText()).isEqualTo("truncated PNG image: the file ends before the picture does");
        assertThat(lines.get(4).get("error").asText()).isEqualTo("not an image: the file contains text, not picture data");

        try (var written = Files.list(out)) {
            assertThat(written.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("chelsea.png", "coffee.png", "turned.png");
        }
        BufferedImage annotated = ImageIO.read(out.resolve("chelsea.png").toFile());
        BufferedImage original = ImageIO.read(Samples.photo("chelsea.png").toFile());
        assertThat(annotated.getWidth()).isEqualTo(451);
        assertThat(differentPixels(annotated, original)).isGreaterThan(1000);
    }

    @Test
    void jsonNumbersAreRoundedHalfUpToTheirContractPlaces() {
        // Binary-exact inputs, so the expected digits are the true half-up rounding: 52.25 ms → 52.3,
        // score 0.5625 → 0.563, 0.0625 → 0.063, box 10.25 → 10.3, 20.75 → 20.8, 99.0 → 99.0.
        dev.halfday.engine.detect.DetectionResult result = new dev.halfday.engine.detect.DetectionResult(451, 300,
                List.of(new dev.halfday.engine.detect.Detection(15, "cat", "猫", 0.5625f,
                                new dev.halfday.engine.detect.BoundingBox(10.25f, 20.75f, 99f, 120.125f)),
                        new dev.halfday.engine.detect.Detection(0, "person", "人", 0.0625f,
                                new dev.halfday.engine.detect.BoundingBox(0f, 0.5f, 1f, 2f))),
                new dev.halfday.engine.detect.DetectionResult.Timing(2.0, 50.25), "m");
        String line = DetectCommand.jsonLine(new dev.halfday.engine.detect.BatchDetection.Item(
                Path.of("photos", "cat.png"), null, result, null), null);
        assertThat(line).isEqualTo("{\"file\":\"" + Path.of("photos", "cat.png") + "\",\"width\":451,\"height\":300,"
                + "\"ms\":52.3,\"detections\":[{\"class\":15,\"label\":\"cat\",\"labelZh\":\"猫\",\"score\":0.563,"
                + "\"box\":[10.3,20.8,99.0,120.1]},{\"class\":0,\"label\":\"person\",\"labelZh\":\"人\",\"score\":0.063,"
                + "\"box\":[0.0,0.5,1.0,2.0]}]}");
    }

    @Test
    void everyFileProcessedExitsZeroAndTheTableIsReadable() {
        Run r = run("detect", "--lang", "zh", "--threshold", "0.5", Samples.photo("chelsea.png").toString(),
                Samples.photo("rocket.jpg").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("chelsea.png  451×300").contains("猫").contains("52%")
                .contains("rocket.jpg  640×427").contains("0 objects").endsWith("2 files, 0 failed\n");
        // Columns line up by display width: 猫 takes two columns, so 14 spaces pad it to 16, then " %3d%%".
        assertThat(r.out()).containsPattern("\n  猫 {16}\\d{2}%  \\[");
    }

    @Test
    void displayWidthCountsChineseAsTwoColumns() {
        assertThat(DisplayWidth.of("cat")).isEqualTo(3);
        assertThat(DisplayWidth.of("猫")).isEqualTo(2);
        assertThat(DisplayWidth.of("吹风机")).isEqualTo(6);
        assertThat(DisplayWidth.of("ｃａｔ")).as("full-width forms").isEqualTo(6);
        assertThat(DisplayWidth.of("e\u0301")).as("a combining accent takes no column").isEqualTo(1);
        assertThat(DisplayWidth.padRight("猫", 6)).isEqualTo("猫    ");
        assertThat(DisplayWidth.padRight("motorcycle", 6)).isEqualTo("motorcycle");
    }

    @Test
    void anUnreadableSubfolderGetsAnErrorLineAndEverythingElseIsProcessed() throws Exception {
        Path photos = Files.createDirectories(Path.of("target", "detect-unreadable-" + System.nanoTime()));
        Files.copy(Samples.photo("chelsea.png"), photos.resolve("chelsea.png"));
        try (UnreadableFolder locked = UnreadableFolder.inside(photos, "locked")) {
            Run r = run("detect", "--json", photos.toString());

            assertThat(r.exit()).as(r.err()).isEqualTo(1);
            List<JsonNode> lines = r.jsonLines();
            assertThat(lines).hasSize(2);
            assertThat(fieldNames(lines.get(0))).containsExactly("file", "error");
            assertThat(Path.of(lines.get(0).get("file").asText()).startsWith(locked.path())).isTrue();
            assertThat(lines.get(0).get("error").asText()).isEqualTo("cannot read this folder: File name too long");
            assertThat(lines.get(1).get("file").asText()).isEqualTo(photos.resolve("chelsea.png").toString());
            assertThat(lines.get(1).get("detections").get(0).get("label").asText()).isEqualTo("cat");

            Run table = run("detect", locked.path().toString());
            assertThat(table.exit()).isEqualTo(1);
            assertThat(table.out()).startsWith(locked.path().toString()).contains("  error: cannot read this folder: File name too long")
                    .endsWith("1 file, 1 failed\n");
        }
    }

    @Test
    void aFolderWithoutImagesSaysSoOnStderrAndExitsOne(@TempDir Path tmp) throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(empty.resolve("notes.txt"), "not an image");
        Run r = run("detect", "--json", empty.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("halfday detect: no images found in " + empty
                + " (looked for png, jpg, jpeg, gif, bmp, tif, tiff)" + System.lineSeparator());
    }

    @Test
    void usageErrorsExitTwo(@TempDir Path tmp) {
        assertThat(run("detect").exit()).isEqualTo(2);
        assertThat(run("detect", "--threshold", "1.5", "x.png").exit()).isEqualTo(2);
        assertThat(run("detect", "--lang", "fr", "x.png").exit()).isEqualTo(2);
        assertThat(run("detect", "--no-such-option", "x.png").exit()).isEqualTo(2);
        Run badModel = run("detect", "--model", tmp.toString(), "x.png");
        assertThat(badModel.exit()).isEqualTo(2);
        assertThat(badModel.err()).contains("not a model folder");
    }

    @Test
    void modelOptionLoadsAnObjectDetectionApiSavedModel(@TempDir Path tmp) throws Exception {
        TinyOdApiModel.export(tmp.resolve("od").resolve("saved_model"));
        BufferedImage white = new BufferedImage(100, 50, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = white.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 100, 50);
        g.dispose();
        Path image = tmp.resolve("white.png");
        ImageIO.write(white, "png", image.toFile());

        Run r = run("detect", "--json", "--model", tmp.resolve("od").toString(), image.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode person = r.jsonLines().get(0).get("detections").get(0);
        assertThat(person.get("label").asText()).isEqualTo("person");
        assertThat(person.get("box").toString()).isEqualTo("[20.0,5.0,60.0,25.0]");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static int differentPixels(BufferedImage a, BufferedImage b) {
        int n = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if ((a.getRGB(x, y) & 0xffffff) != (b.getRGB(x, y) & 0xffffff)) {
                    n++;
                }
            }
        }
        return n;
    }
}
