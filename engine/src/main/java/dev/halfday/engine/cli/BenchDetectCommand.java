package dev.halfday.engine.cli;

import dev.halfday.engine.detect.BatchDetection;
import dev.halfday.engine.detect.DetectOptions;
import dev.halfday.engine.detect.Detector;
import dev.halfday.engine.detect.Detectors;
import dev.halfday.engine.detect.TfSessionOptions;
import dev.halfday.engine.image.DecodedImage;
import dev.halfday.engine.image.ImageDecoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code halfday bench detect [--runs N]}: after warm-up, one line per scenario,
 * {@code detect p50_ms=… p90_ms=… imgs_per_s=… rss_mb=… cold_start_ms=… scenario=…}:
 * <ul>
 *   <li>{@code fixed-512x512}: the same 512×512 photo (astronaut.png) detected N times, one call at a time;
 *       latency per call (letterbox, model, NMS).</li>
 *   <li>{@code folder}: a folder of real photos (100 by default) from disk to detections, decoding and inference
 *       overlapped; p50/p90 are per-image decode + detect times, imgs_per_s is files / wall time.</li>
 * </ul>
 * {@code rss_mb} is the process's peak resident memory after the scenario; {@code cold_start_ms} is the median
 * over 3 runs of a fresh JVM running {@code halfday detect} on one photo, from process start to its first output
 * line, with the converted graph already cached (this process cached it).
 */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = "Benchmark detection: a fixed 512×512 input and a folder batch; one line per scenario.")
public final class BenchDetectCommand implements Callable<Integer> {

    static final String[] SAMPLES = {"astronaut.png", "chelsea.png", "coffee.png", "motorcycle_left.png", "rocket.jpg"};

    @Spec
    CommandSpec spec;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "50", description = "Timed runs of the fixed input (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "5", description = "Untimed runs first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--photos", paramLabel = "DIR",
            description = "A folder of more real photos (its *.jpg) for the folder batch, e.g. Debian opencv-doc's examples/data; the bundled samples are always used.")
    Path photos;

    @Option(names = "--count", paramLabel = "N", defaultValue = "100", description = "Files in the folder batch (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--decoders", paramLabel = "N", description = "Decoder threads in the folder batch (default: one per core).")
    Integer decoders;

    @Option(names = "--inference", paramLabel = "N",
            description = "Model calls in flight in the folder batch (default: as detect uses, 2; 1 on a single core).")
    Integer inferenceOption;

    @Option(names = "--threads", paramLabel = "INTRA,INTER",
            description = "TensorFlow intra-op and inter-op threads (0 = automatic); default: the engine's measured choice.")
    String threads;

    @Option(names = "--grappler", paramLabel = "off|remap|on",
            description = "How much of TensorFlow's graph optimizer runs on the model; default: the engine's measured choice (remap).")
    String grappler;

    @Option(names = "--cold-runs", paramLabel = "N", defaultValue = "3", description = "Child JVM starts for cold_start_ms; 0 skips (default: ${DEFAULT-VALUE}).")
    int coldRuns;

    @Override
    public Integer call() throws Exception {
        int inference = inferenceOption != null ? inferenceOption : BatchDetection.defaultInferenceThreads();
        if (runs < 1 || count < 1 || warmup < 0 || coldRuns < 0 || inference < 1) {
            throw new ParameterException(spec.commandLine(), "--runs, --count and --inference must be at least 1");
        }
        if (photos != null && !Files.isDirectory(photos)) {
            throw new ParameterException(spec.commandLine(), "--photos: " + photos + " is not a folder");
        }
        if (threads != null) {
            applyThreads(threads);
        }
        if (grappler != null) {
            try {
                TfSessionOptions.GraphOptimizer.parse(grappler);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--grappler wants off, remap or on");
            }
            System.setProperty(TfSessionOptions.GRAPPLER_PROPERTY, grappler);
        }
        PrintWriter out = spec.commandLine().getOut();
        Path work = Files.createTempDirectory("halfday-bench-");
        try (Detector detector = Detectors.loadDefault()) {
            List<Path> samples = extractSamples(work.resolve("samples"));
            String tf = TfSessionOptions.forConvertedGraph().toString();

            double[] fixed = fixedInput(detector, samples.get(0));
            long rssFixed = ProcessMemory.peakRssMb();

            List<Path> folder = buildFolder(work.resolve("folder"), samples);
            int decodeThreads = decoders != null ? decoders : BatchDetection.defaultDecodeThreads();
            FolderRun batch = folderBatch(detector, folder, decodeThreads, inference);
            long rssFolder = ProcessMemory.peakRssMb();

            double cold = coldRuns == 0 ? -1 : coldStart(samples.get(0));

            out.println(line(fixed, fixed.length / (Arrays.stream(fixed).sum() / 1000), rssFixed, cold)
                    + " scenario=fixed-512x512 runs=" + runs + " tf=" + tf);
            out.println(line(batch.latencies, batch.latencies.length / batch.seconds, rssFolder, cold)
                    + String.format(Locale.ROOT, " scenario=folder files=%d failed=%d decoders=%d inference=%d tf=%s",
                    folder.size(), batch.failed, decodeThreads, inference, tf));
            out.flush();
        } finally {
            deleteTree(work);
        }
        return 0;
    }

    private double[] fixedInput(Detector detector, Path astronaut) throws Exception {
        DecodedImage image = ImageDecoder.standard().decode(astronaut);
        if (image.width() != 512 || image.height() != 512) {
            throw new IllegalStateException("the fixed input should be 512×512, astronaut.png is "
                    + image.width() + "×" + image.height());
        }
        for (int i = 0; i < warmup; i++) {
            detector.detect(image, DetectOptions.defaults());
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            detector.detect(image, DetectOptions.defaults());
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        return ms;
    }

    private record FolderRun(double[] latencies, double seconds, int failed) {
    }

    private static FolderRun folderBatch(Detector detector, List<Path> files, int decodeThreads, int inference)
            throws InterruptedException {
        List<Double> latencies = new ArrayList<>();
        int[] failed = {0};
        BatchDetection batch = new BatchDetection(detector, ImageDecoder.standard(), decodeThreads, inference);
        long start = System.nanoTime();
        batch.run(files, DetectOptions.defaults(), item -> {
            if (item.ok()) {
                latencies.add(item.result().timing().totalMs());
            } else {
                failed[0]++;
            }
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        return new FolderRun(latencies.stream().mapToDouble(Double::doubleValue).toArray(), seconds, failed[0]);
    }

    /** JVM start to first detection, in a child JVM with this one's classpath; median of {@code coldRuns}. */
    private double coldStart(Path photo) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The same JVM options as this run (bin/halfday's, HALFDAY_JAVA_OPTS), minus debuggers and agents.
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("-agentlib") && !a.startsWith("-javaagent") && !a.startsWith("-Xdebug"))
                .forEach(command::add);
        for (String property : List.of("halfday.home", TfSessionOptions.INTRA_PROPERTY, TfSessionOptions.INTER_PROPERTY,
                TfSessionOptions.GRAPPLER_PROPERTY)) {
            if (System.getProperty(property) != null) {
                command.add("-D" + property + "=" + System.getProperty(property));
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), HalfdayCli.class.getName(),
                "detect", "--json", photo.toString()));
        double[] ms = new double[coldRuns];
        for (int i = 0; i < coldRuns; i++) {
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
            long start = System.nanoTime();
            Process p = pb.start();
            String first;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                first = r.readLine();
                ms[i] = (System.nanoTime() - start) / 1e6;
                r.transferTo(Writer.nullWriter());
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            if (first == null || !first.contains("\"detections\"")) {
                throw new IllegalStateException("the cold-start child JVM did not detect (exit " + p.exitValue()
                        + ", output: " + first + ")");
            }
        }
        return percentile(ms, 50);
    }

    private static String line(double[] latencies, double imgsPerSecond, long rssMb, double coldMs) {
        return String.format(Locale.ROOT, "detect p50_ms=%.1f p90_ms=%.1f imgs_per_s=%.1f rss_mb=%d cold_start_ms=%.0f",
                percentile(latencies, 50), percentile(latencies, 90), imgsPerSecond, rssMb, coldMs);
    }

    /** Nearest-rank percentile. */
    static double percentile(double[] values, int p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static List<Path> extractSamples(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        for (String name : SAMPLES) {
            try (InputStream in = BenchDetectCommand.class.getResourceAsStream("/halfday/resources/samples/" + name)) {
                if (in == null) {
                    throw new IOException("sample photo missing from the engine: " + name);
                }
                Path p = dir.resolve(name);
                Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
                files.add(p);
            }
        }
        return files;
    }

    /** {@code count} files cycling through the samples and --photos, each under its own name. */
    private List<Path> buildFolder(Path dir, List<Path> samples) throws IOException {
        List<Path> sources = new ArrayList<>(samples);
        if (photos != null) {
            try (Stream<Path> s = Files.list(photos)) {
                s.filter(Files::isRegularFile)
                        .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.jpe?g"))
                        .sorted().forEach(sources::add);
            }
        }
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path src = sources.get(i % sources.size());
            Path dst = dir.resolve(String.format(Locale.ROOT, "%03d-%s", i, src.getFileName()));
            Files.copy(src, dst, StandardCopyOption.REPLACE_EXISTING);
            files.add(dst);
        }
        return files;
    }

    private static void applyThreads(String spec) {
        String[] parts = spec.split(",");
        if (parts.length != 2) {
            throw new IllegalArgumentException("--threads wants INTRA,INTER, e.g. 1,1");
        }
        System.setProperty(TfSessionOptions.INTRA_PROPERTY, parts[0].trim());
        System.setProperty(TfSessionOptions.INTER_PROPERTY, parts[1].trim());
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
