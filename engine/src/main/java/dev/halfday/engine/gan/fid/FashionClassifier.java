package dev.halfday.engine.gan.fid;

import dev.halfday.engine.gan.model.Tensors;
import dev.halfday.engine.gan.model.WeightStore;
import dev.halfday.engine.util.AppDirs;
import dev.halfday.engine.util.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * The trained Fashion-MNIST classifier, in inference: class logits and the 128 features FID is measured in.
 * The shipped weights live in {@code models/fashion-classifier/} as a SavedModel; as TF loads SavedModels from
 * folders only, they are copied out of the jar into the cache once (into a folder named by their hash, so an
 * updated model never mixes with an old copy). Not thread-safe.
 */
public final class FashionClassifier implements AutoCloseable {

    /** Signature input: images [batch, 28, 28, 1] in [-1, 1]. */
    public static final String INPUT = "images";
    public static final String FEATURES = "features";
    public static final String LOGITS = "logits";
    public static final String RESOURCE_DIR = "/halfday/models/fashion-classifier/";
    static final List<String> MODEL_FILES = List.of("saved_model.pb", "variables/variables.index",
            "variables/variables.data-00000-of-00001");
    private static final int BATCH = 500;

    private final Graph graph;
    private final Session session;
    private final SavedModelBundle bundle;
    private final Operand<TFloat32> input;
    private final Operand<TFloat32> features;
    private final Operand<TFloat32> logits;

    private FashionClassifier(SavedModelBundle bundle) {
        this.bundle = bundle;
        this.graph = bundle.graph();
        this.session = bundle.session();
        this.input = graph.outputOrThrow(INPUT).expect(TFloat32.class);
        this.features = graph.outputOrThrow(FEATURES).expect(TFloat32.class);
        this.logits = graph.outputOrThrow(LOGITS).expect(TFloat32.class);
    }

    /** The classifier shipped with Halfday. */
    public static FashionClassifier loadBundled() throws IOException {
        return load(extractBundled());
    }

    /** A classifier SavedModel written by {@link ClassifierTrainer}. */
    public static FashionClassifier load(Path savedModelDir) throws IOException {
        if (!Files.exists(savedModelDir.resolve("saved_model.pb"))) {
            throw new IOException("no classifier SavedModel in " + savedModelDir);
        }
        ConfigProto oneThread = ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(1).setInterOpParallelismThreads(1).build();
        SavedModelBundle bundle = SavedModelBundle.loader(savedModelDir.toString()).withTags("serve")
                .withConfigProto(oneThread).load();
        return new FashionClassifier(bundle);
    }

    /** The 128-float feature vectors of {@code count} images (28×28 floats each, in [-1, 1]). */
    public float[] features(float[] images, int count) {
        return run(features, images, count, ClassifierNetwork.FEATURES);
    }

    /** Class logits (10 per image). */
    public float[] logits(float[] images, int count) {
        return run(logits, images, count, ClassifierNetwork.CLASSES);
    }

    /** Images as bytes (0..255, as in IDX files) → floats in [-1, 1]. */
    public static float[] toUnitRange(byte[] pixels, int from, int length) {
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            out[i] = (pixels[from + i] & 0xff) / 127.5f - 1f;
        }
        return out;
    }

    /** Fraction of images whose highest logit is their label. */
    public double accuracy(float[] images, byte[] labels, int count) {
        float[] l = logits(images, count);
        int correct = 0;
        for (int i = 0; i < count; i++) {
            int best = 0;
            for (int c = 1; c < ClassifierNetwork.CLASSES; c++) {
                if (l[i * ClassifierNetwork.CLASSES + c] > l[i * ClassifierNetwork.CLASSES + best]) {
                    best = c;
                }
            }
            if (best == labels[i]) {
                correct++;
            }
        }
        return (double) correct / count;
    }

    private float[] run(Operand<TFloat32> output, float[] images, int count, int width) {
        int pixels = 28 * 28;
        float[] out = new float[count * width];
        for (int start = 0; start < count; start += BATCH) {
            int n = Math.min(BATCH, count - start);
            float[] chunk = java.util.Arrays.copyOfRange(images, start * pixels, (start + n) * pixels);
            try (TFloat32 t = Tensors.floats(Shape.of(n, 28, 28, 1), chunk);
                 Result r = session.runner().feed(input, t).fetch(output).run()) {
                System.arraycopy(Tensors.toFloats(r.get(0)), 0, out, start * width, n * width);
            }
        }
        return out;
    }

    @Override
    public void close() {
        bundle.close();
    }

    /**
     * Builds the inference graph with the given variables restored from a checkpoint and exports it as a
     * SavedModel (used by {@link ClassifierTrainer}).
     */
    static void exportFromCheckpoint(Path checkpointPrefix, Path directory, long seed) throws IOException {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            WeightStore weights = new WeightStore(tf, seed);
            Placeholder<TFloat32> images = tf.withName(INPUT).placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, 28, 28, 1)));
            ClassifierNetwork.Outputs out = ClassifierNetwork.build(tf, weights, images, seed);
            Operand<TFloat32> f = tf.withName(FEATURES).identity(out.features());
            Operand<TFloat32> l = tf.withName(LOGITS).identity(out.logits());
            try (Session s = new Session(g)) {
                s.restore(checkpointPrefix.toString());
                Signature signature = Signature.builder().key(Signature.DEFAULT_KEY)
                        .input(INPUT, images).output(FEATURES, f).output(LOGITS, l).build();
                SavedModelBundle.exporter(directory.toString()).withSession(s).withSignature(signature).export();
            }
        }
    }

    /** Copies the shipped SavedModel out of the classpath into the cache (once) and returns its folder. */
    static Path extractBundled() throws IOException {
        byte[][] contents = new byte[MODEL_FILES.size()][];
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (int i = 0; i < contents.length; i++) {
            try (InputStream in = FashionClassifier.class.getResourceAsStream(RESOURCE_DIR + MODEL_FILES.get(i))) {
                if (in == null) {
                    throw new IOException("the bundled classifier is missing: " + RESOURCE_DIR + MODEL_FILES.get(i));
                }
                contents[i] = in.readAllBytes();
                sha.update(contents[i]);
            }
        }
        String hash = HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        Path dir = AppDirs.cache().resolve("models").resolve("fashion-classifier-" + hash);
        if (Files.exists(dir.resolve("saved_model.pb"))) {
            return dir;
        }
        Files.createDirectories(dir.getParent());
        Path tmp = Files.createTempDirectory(dir.getParent(), ".fashion-classifier-");
        try {
            for (int i = 0; i < contents.length; i++) {
                Path file = tmp.resolve(MODEL_FILES.get(i));
                Files.createDirectories(file.getParent());
                Files.write(file, contents[i]);
            }
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (!Files.exists(dir.resolve("saved_model.pb"))) {
                    throw e;
                }
                // another process extracted it at the same time: use theirs
            }
        } finally {
            FileTrees.deleteRecursively(tmp);
        }
        return dir;
    }
}
