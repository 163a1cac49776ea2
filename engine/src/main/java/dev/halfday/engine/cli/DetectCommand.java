package dev.halfday.engine.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.halfday.engine.detect.Annotator;
import dev.halfday.engine.detect.BatchDetection;
import dev.halfday.engine.detect.BoundingBox;
import dev.halfday.engine.detect.DetectOptions;
import dev.halfday.engine.detect.Detection;
import dev.halfday.engine.detect.Detector;
import dev.halfday.engine.detect.Detectors;
import dev.halfday.engine.i18n.Language;
import dev.halfday.engine.image.ImageDecoder;
import dev.halfday.engine.image.ImageFiles;
import dev.halfday.engine.util.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code halfday detect [--json] [--threshold T] [--model DIR] [--out DIR] PATH...}: finds objects in image files
 * and folders. Exit 0 when every file was processed, 1 when any failed (the others still are), 2 for usage errors.
 */
@Command(name = "detect",
        description = {"Find objects in images: files, or folders searched recursively for images.",
                "Exit status: 0 all files processed, 1 some failed (the rest still processed), 2 usage error."},
        mixinStandardHelpOptions = true)
public final class DetectCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "One JSON object per input file, one per line.")
    boolean json;

    @Option(names = "--threshold", paramLabel = "T", description = "Minimum confidence, 0 to 1 (default: ${DEFAULT-VALUE}).",
            defaultValue = "0.3")
    float threshold;

    @Option(names = "--iou", paramLabel = "IOU", description = "NMS overlap above which the weaker box goes (default: ${DEFAULT-VALUE}).",
            defaultValue = "0.5")
    float iou;

    @Option(names = "--model", paramLabel = "DIR",
            description = "A model folder (TF.js graph model or TF2 Object Detection API SavedModel). Default: the bundled COCO CenterNet.")
    Path model;

    @Option(names = "--out", paramLabel = "DIR", description = "Write an annotated PNG per image into DIR.")
    Path out;

    @Option(names = "--lang", paramLabel = "en|zh", description = "Label language of the table and annotated images (default: en).",
            defaultValue = "en", converter = LanguageConverter.class)
    Language language;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Image files or folders.")
    List<Path> paths;

    @Override
    public Integer call() throws Exception {
        DetectOptions options;
        try {
            options = DetectOptions.defaults().withMinScore(threshold).withIouThreshold(iou);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        ImageFiles.Expansion expansion = ImageFiles.expand(paths);
        List<Path> files = expansion.files();
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        for (Path folder : expansion.foldersWithoutImages()) {
            stderr.println("halfday detect: no images found in " + folder + " (looked for "
                    + String.join(", ", ImageFiles.EXTENSIONS) + ")");
        }
        stderr.flush();
        // A folder that cannot be read is a failed input like a file that cannot be: a line of its own, exit 1.
        for (ImageFiles.Unreadable u : expansion.unreadable()) {
            stdout.println(json ? errorLine(u.path(), u.reason()) : u.path() + "  error: " + u.reason());
        }
        if (files.isEmpty()) {
            if (!json && !expansion.unreadable().isEmpty()) {
                printSummary(stdout, expansion.unreadable().size(), expansion.unreadable().size());
            }
            stdout.flush();
            return 1;
        }
        if (out != null) {
            try {
                Files.createDirectories(out);
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "cannot create the output folder " + out + ": " + e.getMessage());
            }
        }
        // The model loads (seconds: TensorFlow's native library) while the first files are decoded.
        CompletableFuture<Detector> loading = CompletableFuture.supplyAsync(this::loadDetector);
        Annotator annotator = new Annotator();
        Set<String> usedNames = new HashSet<>();
        int[] failed = {expansion.unreadable().size()};
        try {
            BatchDetection.whileLoading(loading, ImageDecoder.standard(), BatchDetection.defaultDecodeThreads(),
                            BatchDetection.defaultInferenceThreads())
                    .run(files, options, item -> {
                        if (loading.isCompletedExceptionally()) {
                            throw new ModelUnavailable();
                        }
                        String error = item.error();
                        if (item.ok() && out != null) {
                            error = writeAnnotated(annotator, item, usedNames);
                        }
                        if (error != null) {
                            failed[0]++;
                        }
                        stdout.println(json ? jsonLine(item, error) : tableRows(item, error));
                        stdout.flush();
                    });
            // Files that failed before reaching the model do not wait for it; a model that fails still counts.
            loading.exceptionally(t -> null).join();
            if (loading.isCompletedExceptionally()) {
                throw new ModelUnavailable();
            }
        } catch (ModelUnavailable e) {
            // A usage error (exit 2), but the usage text would bury the one line that matters.
            Throwable cause = loading.handle((d, t) -> t).join();
            spec.commandLine().getErr().println("halfday detect: "
                    + (cause.getCause() != null ? cause.getCause().getMessage() : cause.getMessage()));
            spec.commandLine().getErr().flush();
            return 2;
        } finally {
            loading.thenAccept(Detector::close);
        }
        if (!json) {
            printSummary(stdout, files.size() + expansion.unreadable().size(), failed[0]);
        }
        stdout.flush();
        return failed[0] == 0 ? 0 : 1;
    }

    private static void printSummary(PrintWriter stdout, int inputs, int failed) {
        stdout.printf(Locale.ROOT, "%d file%s, %d failed%n", inputs, inputs == 1 ? "" : "s", failed);
    }

    private Detector loadDetector() {
        try {
            return model == null ? Detectors.loadDefault() : Detectors.load(model);
        } catch (IOException e) {
            throw new CompletionException(e);
        }
    }

    /** Thrown from the result sink to stop a batch whose model failed to load. */
    private static final class ModelUnavailable extends RuntimeException {
        ModelUnavailable() {
            super(null, null, false, false);
        }
    }

    private String writeAnnotated(Annotator annotator, BatchDetection.Item item, Set<String> usedNames) {
        String name = uniqueName(item.file(), usedNames);
        try {
            byte[] png = annotator.annotatePng(item.image().image(), item.result().detections(), language);
            AtomicFiles.write(out.resolve(name), png);
            return null;
        } catch (IOException e) {
            return "cannot write the annotated image " + out.resolve(name) + ": " + e.getMessage();
        }
    }

    /** photo.jpg → photo.png; a second photo.jpg from another folder → photo-2.png. */
    private static String uniqueName(Path file, Set<String> used) {
        String base = file.getFileName().toString();
        int dot = base.lastIndexOf('.');
        String stem = dot > 0 ? base.substring(0, dot) : base;
        String name = stem + ".png";
        for (int n = 2; !used.add(name); n++) {
            name = stem + "-" + n + ".png";
        }
        return name;
    }

    static String errorLine(Path file, String error) {
        ObjectNode line = JSON.createObjectNode();
        line.put("file", file.toString());
        line.put("error", error);
        return line.toString();
    }

    static String jsonLine(BatchDetection.Item item, String error) {
        if (error != null) {
            return errorLine(item.file(), error);
        }
        ObjectNode line = JSON.createObjectNode();
        line.put("file", item.file().toString());
        line.put("width", item.result().width());
        line.put("height", item.result().height());
        line.put("ms", round(item.result().timing().totalMs(), 1));
        ArrayNode detections = line.putArray("detections");
        for (Detection d : item.result().detections()) {
            ObjectNode o = detections.addObject();
            o.put("class", d.classIndex());
            o.put("label", d.label());
            o.put("labelZh", d.labelZh());
            o.put("score", round(d.score(), 3));
            BoundingBox b = d.box();
            o.putArray("box").add(round(b.x1(), 1)).add(round(b.y1(), 1)).add(round(b.x2(), 1)).add(round(b.y2(), 1));
        }
        return line.toString();
    }

    private String tableRows(BatchDetection.Item item, String error) {
        if (error != null) {
            return item.file() + "  error: " + error;
        }
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%s  %d×%d  %.1f ms  %d object%s", item.file(), item.result().width(),
                item.result().height(), item.result().timing().totalMs(), item.result().detections().size(),
                item.result().detections().size() == 1 ? "" : "s"));
        for (Detection d : item.result().detections()) {
            BoundingBox b = d.box();
            // Padded by display width, not by chars: 猫 takes two columns, like "ca".
            s.append(String.format(Locale.ROOT, "%n  %s %3d%%  [%.0f, %.0f, %.0f, %.0f]",
                    DisplayWidth.padRight(d.label(language), 16),
                    Math.round(d.score() * 100), b.x1(), b.y1(), b.x2(), b.y2()));
        }
        return s.toString();
    }

    private static BigDecimal round(double v, int places) {
        return BigDecimal.valueOf(v).setScale(places, RoundingMode.HALF_UP);
    }
}
