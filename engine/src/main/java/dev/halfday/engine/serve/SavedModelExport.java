package dev.halfday.engine.serve;

import dev.halfday.engine.detect.LabelSet;
import dev.halfday.engine.detect.centernet.CenterNetDetector;
import dev.halfday.engine.detect.tfjs.ConvertedGraphCache;
import dev.halfday.engine.detect.tfjs.ConvertedModel;
import dev.halfday.engine.detect.tfjs.ModelFiles;
import dev.halfday.engine.detect.tfjs.TensorSpec;
import dev.halfday.engine.detect.tfjs.TfjsGraphModel;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Unstack;
import org.tensorflow.op.image.CombinedNonMaxSuppression;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes a CenterNet-style detector (a frozen graph: float RGB 0..255 [1, S, S, 3] in, rows
 * {@code [x1, y1, x2, y2, score, class]} in input pixels out) as a TensorFlow SavedModel with the Object Detection
 * API's serving signature (see {@link OdApiSignature}), so TensorFlow Serving can serve the very model Halfday
 * runs. Everything the engine does around the model happens in the graph, with TensorFlow ops:
 * <ol>
 *   <li>letterbox: scale by {@code min(S/w, S/h)}, {@code ResizeBilinear} with half-pixel centres (as the engine's
 *       letterbox), {@code Pad} centred with zeros;</li>
 *   <li>the model;</li>
 *   <li>boxes mapped back to the image ({@code (b − pad) / scale}, clipped) and normalised, empty boxes dropped;</li>
 *   <li>class-aware non-maximum suppression with {@code CombinedNonMaxSuppression} (IoU
 *       {@value OdApiSignature#IOU_THRESHOLD}), at most {@value OdApiSignature#MAX_DETECTIONS} rows;</li>
 *   <li>class indices turned into 1-based COCO ids.</li>
 * </ol>
 * The model graph and the wrapper are joined as GraphDefs (TensorFlow Java cannot map an imported graph's input
 * onto an existing tensor), then imported, and exported with one signature, {@code serving_default}.
 */
public final class SavedModelExport {

    /** Node names of the wrapper; the model's own nodes keep theirs. */
    static final String PRE = "preprocess";
    static final String POST = "postprocess";
    private static final String CANVAS = PRE + "/canvas";
    private static final String INPUT_NODE = PRE + "/" + OdApiSignature.INPUT;
    private static final String MODEL_OUTPUT_FEED = POST + "/model_detections";

    /**
     * @param graphDef    the detector's frozen graph
     * @param inputNode   its float image input ("tower_0/images")
     * @param outputNode  its detections output ("tower_0/detections")
     * @param inputSize   its square input side (512)
     * @param labels      its classes, in output order, with their COCO ids
     */
    public record Model(GraphDef graphDef, String inputNode, String outputNode, int inputSize, LabelSet labels) {

        /** The bundled COCO-80 CenterNet detector, converted from TF.js (through the converted-graph cache). */
        public static Model bundledDetector() throws IOException {
            TfjsGraphModel tfjs = TfjsGraphModel.read(ModelFiles.classpath(CenterNetDetector.BUNDLED_FOLDER),
                    CenterNetDetector.BUNDLED_JSON);
            ConvertedModel converted = ConvertedGraphCache.standard().load(tfjs).model();
            TensorSpec input = converted.inputs().stream()
                    .filter(i -> i.name().equals(CenterNetDetector.INPUT)).findFirst()
                    .orElseThrow(() -> new IOException("the bundled model has no input " + CenterNetDetector.INPUT));
            return new Model(converted.graphDef(), CenterNetDetector.INPUT, CenterNetDetector.OUTPUT,
                    Math.toIntExact(input.shape().get(1)), LabelSet.coco80());
        }
    }

    private SavedModelExport() {
    }

    /**
     * Exports into a new numbered version folder of {@code baseDir} (TF Serving's model base path): {@code 1} for
     * a new base folder, else one above the highest version there. The folder appears complete or not at all —
     * TF Serving polls the base path and must never load a half-written version.
     *
     * @param version the version number to write, or 0 for the next free one
     * @return the version folder written
     * @throws IOException the folder exists already, or cannot be written
     */
    public static Path export(Model model, Path baseDir, long version) throws IOException {
        Files.createDirectories(baseDir);
        long v = version > 0 ? version : nextVersion(baseDir);
        Path target = baseDir.resolve(Long.toString(v));
        if (Files.exists(target)) {
            throw new IOException(target + " exists already; choose another version or folder");
        }
        Path staging = Files.createTempDirectory(baseDir, ".export-" + v + "-");
        try {
            // The exporter wants to create the folder itself.
            Files.delete(staging);
            writeSavedModel(model, staging);
            Files.move(staging, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteRecursively(staging);
        }
        return target;
    }

    static long nextVersion(Path baseDir) throws IOException {
        try (Stream<Path> entries = Files.list(baseDir)) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("\\d{1,18}"))
                    .mapToLong(Long::parseLong)
                    .max().orElse(0) + 1;
        }
    }

    private static void writeSavedModel(Model model, Path dir) throws IOException {
        GraphDef joined = join(model, wrapper(model));
        try (Graph graph = new Graph()) {
            graph.importGraphDef(joined);
            try (Session session = new Session(graph)) {
                Signature.Builder signature = Signature.builder()
                        .key(OdApiSignature.DEFAULT_SIGNATURE)
                        .methodName(OdApiSignature.PREDICT_METHOD)
                        .input(OdApiSignature.INPUT, graph.operation(INPUT_NODE).output(0));
                for (String name : OdApiSignature.OUTPUTS) {
                    signature.output(name, graph.operation(POST + "/" + name).output(0));
                }
                SavedModelBundle.exporter(dir.toString())
                        .withSession(session)
                        .withSignature(signature.build())
                        .export();
            }
        }
    }

    /** The letterbox before and the box mapping, NMS and class ids after the model, as one graph. */
    private static GraphDef wrapper(Model model) {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            int size = model.inputSize();
            float s = size;

            // ---- letterbox ----
            Ops pre = tf.withSubScope(PRE);
            Placeholder<TUint8> input = pre.withName(OdApiSignature.INPUT)
                    .placeholder(TUint8.class, Placeholder.shape(Shape.of(1, -1, -1, 3)));
            Operand<TInt32> hwInt = pre.gather(pre.shape(input), pre.constant(new int[] {1, 2}), pre.constant(0));
            Operand<TFloat32> hw = pre.dtypes.cast(hwInt, TFloat32.class);
            Operand<TFloat32> h = pre.gather(hw, pre.constant(0), pre.constant(0));
            Operand<TFloat32> w = pre.gather(hw, pre.constant(1), pre.constant(0));
            Operand<TFloat32> scale = pre.math.minimum(pre.math.div(pre.constant(s), w), pre.math.div(pre.constant(s), h));
            // round(x · scale) half up, as Java's Math.round in the engine's letterbox; at least 1, at most S.
            Operand<TFloat32> resizedHw = pre.clipByValue(
                    pre.math.floor(pre.math.add(pre.math.mul(hw, scale), pre.constant(0.5f))),
                    pre.constant(1f), pre.constant(s));
            Operand<TInt32> resizedHwInt = pre.dtypes.cast(resizedHw, TInt32.class);
            Operand<TFloat32> image = pre.dtypes.cast(input, TFloat32.class);
            Operand<TFloat32> resized = pre.image.resizeBilinear(image, resizedHwInt,
                    ResizeBilinear.halfPixelCenters(true), ResizeBilinear.alignCorners(false));
            Operand<TInt32> padBefore = pre.math.floorDiv(pre.math.sub(pre.constant(size), resizedHwInt), pre.constant(2));
            Operand<TInt32> padAfter = pre.math.sub(pre.math.sub(pre.constant(size), resizedHwInt), padBefore);
            Operand<TInt32> spatialPads = pre.stack(List.of(padBefore, padAfter), org.tensorflow.op.core.Stack.axis(1L));
            Operand<TInt32> none = pre.constant(new int[][] {{0, 0}});
            Operand<TInt32> paddings = pre.concat(List.of(none, spatialPads, none), pre.constant(0));
            Operand<TFloat32> padded = pre.pad(resized, paddings, pre.constant(0f));
            pre.withName("canvas").reshape(padded, pre.constant(new int[] {1, size, size, 3}));

            // ---- from model rows to OD API outputs ----
            Ops post = tf.withSubScope(POST);
            Placeholder<TFloat32> raw = post.withName("model_detections")
                    .placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, -1, 6)));
            Operand<TFloat32> rows = post.reshape(raw, post.constant(new int[] {-1, 6}));
            List<org.tensorflow.Output<TFloat32>> col = post.unstack(rows, 6L, Unstack.axis(1L)).output();
            Operand<TFloat32> pad = post.dtypes.cast(padBefore, TFloat32.class);
            Operand<TFloat32> padY = post.gather(pad, post.constant(0), post.constant(0));
            Operand<TFloat32> padX = post.gather(pad, post.constant(1), post.constant(0));
            Operand<TFloat32> scaleY = post.math.div(post.gather(resizedHw, post.constant(0), post.constant(0)), h);
            Operand<TFloat32> scaleX = post.math.div(post.gather(resizedHw, post.constant(1), post.constant(0)), w);
            Operand<TFloat32> x1 = toSource(post, col.get(0), padX, scaleX, w);
            Operand<TFloat32> y1 = toSource(post, col.get(1), padY, scaleY, h);
            Operand<TFloat32> x2 = toSource(post, col.get(2), padX, scaleX, w);
            Operand<TFloat32> y2 = toSource(post, col.get(3), padY, scaleY, h);
            // The engine drops boxes that are empty once clipped (wholly in the padding): score them 0.
            Operand<TBool> nonEmpty = post.math.logicalAnd(post.math.greater(x2, x1), post.math.greater(y2, y1));
            Operand<TFloat32> score = post.math.mul(col.get(4), post.dtypes.cast(nonEmpty, TFloat32.class));
            Operand<TFloat32> boxes = post.stack(List.of(
                    post.math.div(y1, h), post.math.div(x1, w), post.math.div(y2, h), post.math.div(x2, w)),
                    org.tensorflow.op.core.Stack.axis(1L));
            Operand<TFloat32> boxesPerClass = post.reshape(boxes, post.constant(new int[] {1, -1, 1, 4}));
            int classes = model.labels().size();
            Operand<TInt32> classIndex = post.dtypes.cast(
                    post.math.floor(post.math.add(col.get(5), post.constant(0.5f))), TInt32.class);
            Operand<TFloat32> classScores = post.math.mul(
                    post.oneHot(classIndex, post.constant(classes), post.constant(1f), post.constant(0f)),
                    post.expandDims(score, post.constant(1)));
            Operand<TFloat32> scores = post.reshape(classScores, post.constant(new int[] {1, -1, classes}));
            int max = OdApiSignature.MAX_DETECTIONS;
            CombinedNonMaxSuppression nms = post.image.combinedNonMaxSuppression(boxesPerClass, scores,
                    post.constant(max), post.constant(max),
                    post.constant(OdApiSignature.IOU_THRESHOLD), post.constant(OdApiSignature.SCORE_FLOOR),
                    CombinedNonMaxSuppression.padPerClass(false), CombinedNonMaxSuppression.clipBoxes(false));

            float[] cocoIds = new float[classes];
            for (LabelSet.Entry e : model.labels().entries()) {
                cocoIds[e.index()] = e.cocoId();
            }
            // Rows past num_detections are padding: class 0 there, as the scores and boxes are 0.
            Operand<TFloat32> validRows = post.expandDims(post.dtypes.cast(
                    post.math.less(post.range(post.constant(0), post.constant(max), post.constant(1)),
                            post.reshape(nms.validDetections(), post.constant(new int[0]))),
                    TFloat32.class), post.constant(0));
            Operand<TFloat32> cocoClasses = post.math.mul(
                    post.gather(post.constant(cocoIds), post.dtypes.cast(nms.nmsedClasses(), TInt32.class), post.constant(0)),
                    validRows);

            post.withName(OdApiSignature.BOXES).identity(nms.nmsedBoxes());
            post.withName(OdApiSignature.SCORES).identity(nms.nmsedScores());
            post.withName(OdApiSignature.CLASSES).identity(cocoClasses);
            post.withName(OdApiSignature.NUM_DETECTIONS).dtypes.cast(nms.validDetections(), TFloat32.class);
            return g.toGraphDef();
        }
    }

    /** A model-input coordinate back in image pixels, clipped to the image: {@code (v − pad) / scale}. */
    private static Operand<TFloat32> toSource(Ops tf, Operand<TFloat32> v, Operand<TFloat32> pad,
                                              Operand<TFloat32> scale, Operand<TFloat32> limit) {
        return tf.clipByValue(tf.math.div(tf.math.sub(v, pad), scale), tf.constant(0f), limit);
    }

    /**
     * One GraphDef: the wrapper's nodes, and the model's with its input placeholder replaced by the letterboxed
     * canvas; the wrapper's stand-in for the model's output reads the real one.
     */
    static GraphDef join(Model model, GraphDef wrapper) {
        GraphDef.Builder joined = GraphDef.newBuilder().setVersions(wrapper.getVersions());
        Set<String> names = new HashSet<>();
        boolean inputFound = false;
        boolean outputFound = false;
        for (NodeDef node : wrapper.getNodeList()) {
            names.add(node.getName());
            joined.addNode(node.getName().equals(MODEL_OUTPUT_FEED)
                    ? identity(MODEL_OUTPUT_FEED, model.outputNode()) : node);
        }
        for (NodeDef node : model.graphDef().getNodeList()) {
            if (!names.add(node.getName())) {
                throw new IllegalArgumentException("the model has a node named " + node.getName()
                        + ", which the export wrapper uses");
            }
            if (node.getName().equals(model.inputNode())) {
                inputFound = true;
                joined.addNode(identity(model.inputNode(), CANVAS));
            } else {
                outputFound |= node.getName().equals(model.outputNode());
                joined.addNode(node);
            }
        }
        if (!inputFound || !outputFound) {
            throw new IllegalArgumentException("the model has no " + (inputFound ? model.outputNode() : model.inputNode())
                    + " node");
        }
        if (model.graphDef().hasLibrary()) {
            joined.setLibrary(model.graphDef().getLibrary());
        }
        return joined.build();
    }

    private static NodeDef identity(String name, String input) {
        return NodeDef.newBuilder().setName(name).setOp("Identity").addInput(input)
                .putAttr("T", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build())
                .build();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
