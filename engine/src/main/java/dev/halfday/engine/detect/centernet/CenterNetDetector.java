package dev.halfday.engine.detect.centernet;

import dev.halfday.engine.detect.BoundingBox;
import dev.halfday.engine.detect.DetectOptions;
import dev.halfday.engine.detect.Detection;
import dev.halfday.engine.detect.DetectionResult;
import dev.halfday.engine.detect.Detector;
import dev.halfday.engine.detect.LabelSet;
import dev.halfday.engine.detect.ModelInfo;
import dev.halfday.engine.detect.NonMaxSuppression;
import dev.halfday.engine.detect.SessionGuard;
import dev.halfday.engine.detect.TfSessionOptions;
import dev.halfday.engine.detect.tfjs.ConvertedGraphCache;
import dev.halfday.engine.detect.tfjs.ConvertedModel;
import dev.halfday.engine.detect.tfjs.ModelFiles;
import dev.halfday.engine.detect.tfjs.TensorSpec;
import dev.halfday.engine.detect.tfjs.TfjsGraphModel;
import dev.halfday.engine.image.DecodedImage;
import dev.halfday.engine.image.ImageDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The default detector: MobileNetV3-CenterNet (COCO-80) from its TF.js graph-model files, converted to a
 * TensorFlow graph (cached), run by TensorFlow Java. Image → letterbox → model → boxes mapped back → NMS.
 *
 * <p>Thread-safe: all callers share one {@link Session} (TensorFlow runs concurrent {@code run} calls safely);
 * a {@link SessionGuard} only keeps {@link #close()} from freeing the session under a running call.
 */
public final class CenterNetDetector implements Detector {

    public static final String BUNDLED_FOLDER = "/halfday/models/coco-centernet/";
    public static final String BUNDLED_JSON = "centernet.json";
    public static final String BUNDLED_NAME = "coco-centernet";
    public static final String FAMILY = "tfjs-centernet";
    public static final String INPUT = "tower_0/images";
    public static final String OUTPUT = "tower_0/detections";
    /** Values per output row: x1, y1, x2, y2 (input pixels), score, 0-based class. */
    public static final int ROW = 6;

    private static final Logger LOG = LoggerFactory.getLogger(CenterNetDetector.class);

    private final ModelInfo info;
    private final int size;
    private final Graph graph;
    private final Session session;
    private final SessionGuard guard;
    private final ThreadLocal<float[]> inputBuffers;

    /**
     * Builds a detector from a converted graph.
     *
     * @throws IllegalArgumentException the graph is not a CenterNet detector (wrong input or output)
     */
    public CenterNetDetector(ConvertedModel model, String name, String source, LabelSet labels, TfSessionOptions session) {
        this.size = inputSize(model);
        if (model.outputs().stream().noneMatch(o -> o.name().equals(OUTPUT))) {
            throw new IllegalArgumentException("not a CenterNet detector: it has no output " + OUTPUT + " (outputs: "
                    + model.outputs().stream().map(TensorSpec::name).toList() + ")");
        }
        this.info = new ModelInfo(name, FAMILY, source, size, size, labels);
        Graph g = new Graph();
        try {
            g.importGraphDef(model.graphDef());
            this.session = new Session(g, session.toConfig());
        } catch (RuntimeException e) {
            g.close();
            throw e;
        }
        this.graph = g;
        this.guard = new SessionGuard(name);
        this.inputBuffers = ThreadLocal.withInitial(() -> new float[size * size * 3]);
        LOG.debug("loaded {} from {} ({})", name, source, session);
    }

    /** The model shipped inside the engine. */
    public static CenterNetDetector loadBundled() throws IOException {
        return load(ModelFiles.classpath(BUNDLED_FOLDER), BUNDLED_JSON, BUNDLED_NAME, "bundled");
    }

    /** A TF.js CenterNet graph model from any {@link ModelFiles}, converted through the standard cache. */
    public static CenterNetDetector load(ModelFiles files, String jsonName, String name, String source)
            throws IOException {
        long start = System.nanoTime();
        // Loading TensorFlow's native library takes about a second; do it while the model files are read.
        CompletableFuture<String> nativeLibrary = CompletableFuture.supplyAsync(TensorFlow::version);
        TfjsGraphModel tfjs = TfjsGraphModel.read(files, jsonName);
        long read = System.nanoTime();
        ConvertedGraphCache.Loaded loaded = ConvertedGraphCache.standard().load(tfjs);
        long converted = System.nanoTime();
        nativeLibrary.join();
        CenterNetDetector detector = new CenterNetDetector(loaded.model(), name, source, LabelSet.coco80(),
                TfSessionOptions.forConvertedGraph());
        LOG.debug("{}: read model files {} ms, graph {} {} ms ({}), session {} ms", name, (read - start) / 1_000_000,
                loaded.outcome(), (converted - read) / 1_000_000, loaded.file(),
                (System.nanoTime() - converted) / 1_000_000);
        return detector;
    }

    /**
     * The bundled model as a converted TensorFlow graph (through the standard cache), for code that builds a
     * larger graph around it: import it with {@code graph.importGraphDef(model.graphDef(), prefix)}, feed
     * {@link #INPUT} (float RGB 0..255, [1, 512, 512, 3], letterboxed as {@link Letterbox} describes) and fetch
     * {@link #OUTPUT} (rows [x1, y1, x2, y2, score, class] in input pixels, best first, no NMS).
     */
    public static ConvertedModel bundledGraph() throws IOException {
        TfjsGraphModel tfjs = TfjsGraphModel.read(ModelFiles.classpath(BUNDLED_FOLDER), BUNDLED_JSON);
        return ConvertedGraphCache.standard().load(tfjs).model();
    }

    private static int inputSize(ConvertedModel model) {
        TensorSpec in = model.inputs().stream().filter(i -> i.name().equals(INPUT)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a CenterNet detector: it has no input " + INPUT
                        + " (inputs: " + model.inputs().stream().map(TensorSpec::name).toList() + ")"));
        List<Long> s = in.shape();
        if (s.size() != 4 || s.get(3) != 3 || !s.get(1).equals(s.get(2)) || s.get(1) < 1) {
            throw new IllegalArgumentException("not a CenterNet detector: input " + INPUT
                    + " should be [1, N, N, 3], it is " + s);
        }
        return Math.toIntExact(s.get(1));
    }

    @Override
    public ModelInfo model() {
        return info;
    }

    @Override
    public DetectionResult detect(DecodedImage image, DetectOptions options) {
        long start = System.nanoTime();
        BufferedImage rgb = ImageDecoder.toRgb(image.image());
        RawOutput raw = runRaw(rgb);
        List<Detection> candidates = new ArrayList<>();
        LabelSet labels = info.labels();
        for (float[] row : raw.rows()) {
            float score = row[4];
            if (!(score >= options.minScore())) {
                continue;
            }
            BoundingBox box = raw.letterbox().toSource(row[0], row[1], row[2], row[3]);
            if (box.area() <= 0f) {
                continue;
            }
            LabelSet.Entry label = labels.get(Math.round(row[5]));
            candidates.add(new Detection(label.index(), label.en(), label.zh(), score, box));
        }
        List<Detection> kept = NonMaxSuppression.apply(candidates, options);
        double inferenceMs = (System.nanoTime() - start) / 1e6;
        return new DetectionResult(rgb.getWidth(), rgb.getHeight(), kept,
                new DetectionResult.Timing(image.decodeMs(), inferenceMs), info.name());
    }

    /**
     * The model's own output for an image, before any threshold or NMS: its rows
     * {@code [x1, y1, x2, y2, score, class]} in model-input pixels, best first, and the letterbox that maps them
     * back. Used by the fidelity test against the TF.js runtime.
     */
    public RawOutput runRaw(BufferedImage rgb) {
        Letterbox letterbox = Letterbox.of(rgb.getWidth(), rgb.getHeight(), size);
        float[] input = inputBuffers.get();
        letterbox.fill(ImageDecoder.toRgb(rgb), input);
        return new RawOutput(run(input), letterbox);
    }

    /** Runs the model on a prepared NHWC float input of {@code size × size × 3} values. */
    public float[][] run(float[] input) {
        return guard.use(() -> {
            try (TFloat32 tensor = TFloat32.tensorOf(Shape.of(1, size, size, 3))) {
                // A bulk copy into the tensor's memory: tensorOf(shape, buffer) copies value by value, which
                // costs a quarter of a second until the JIT has compiled it (the first detection after start).
                tensor.asRawTensor().data().asFloats().write(input);
                return runTensor(tensor);
            }
        });
    }

    private float[][] runTensor(TFloat32 tensor) {
        try (Result result = session.runner().feed(INPUT, tensor).fetch(OUTPUT).run()) {
            TFloat32 out = (TFloat32) result.get(0);
            int n = Math.toIntExact(out.shape().get(1));
            float[] flat = new float[n * ROW];
            out.asRawTensor().data().asFloats().read(flat);
            float[][] rows = new float[n][];
            for (int i = 0; i < n; i++) {
                rows[i] = Arrays.copyOfRange(flat, i * ROW, i * ROW + ROW);
            }
            return rows;
        }
    }

    /** Model input side in pixels (512 for the bundled model). */
    public int inputSize() {
        return size;
    }

    @Override
    public void close() {
        guard.close(() -> {
            session.close();
            graph.close();
        });
    }

    /**
     * @param rows      the model's rows, best first
     * @param letterbox how the image was placed in the input
     */
    public record RawOutput(float[][] rows, Letterbox letterbox) {
    }
}
