package dev.halfday.engine.gan.model;

import dev.halfday.engine.gan.GanConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * The generator alone, in inference mode (batch-norm moving statistics), in a graph and session of its own:
 * for sampling from a checkpoint, for exporting a SavedModel, and for the FID thread, which loads weight
 * snapshots into it while the training session keeps training. Its variables carry the training graph's
 * names, so {@link #restore} reads them straight out of a full training checkpoint.
 */
public final class GeneratorGraph implements AutoCloseable {

    /** Signature input: noise [batch, latent]. */
    public static final String INPUT = "noise";
    /** Signature output: images [batch, size, size, channels] in [-1, 1]. */
    public static final String OUTPUT = "images";

    private final GanConfig config;
    private final Graph graph;
    private final Session session;
    private final Placeholder<TFloat32> noise;
    private final Operand<TFloat32> images;
    private final Map<String, Placeholder<TFloat32>> feeds = new LinkedHashMap<>();
    private final Map<String, Op> assigns = new LinkedHashMap<>();
    private final Map<String, Variable<TFloat32>> variables;

    private GeneratorGraph(GanConfig config, ConfigProto sessionConfig) {
        this.config = config;
        this.graph = new Graph();
        try {
            Ops tf = Ops.create(graph);
            WeightStore weights = new WeightStore(tf, config.seed());
            NetBuilder net = new NetBuilder(tf, weights, false, config.leakySlope(), null, config.seed());
            noise = tf.withName(INPUT).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, config.latentDim())));
            images = tf.withName(OUTPUT).identity(DcganNetworks.of(config).generator(net, noise));
            variables = weights.all("g_");
            for (Map.Entry<String, Variable<TFloat32>> e : variables.entrySet()) {
                Placeholder<TFloat32> feed = tf.withName("load_" + e.getKey())
                        .placeholder(TFloat32.class, Placeholder.shape(e.getValue().shape()));
                feeds.put(e.getKey(), feed);
                assigns.put(e.getKey(), tf.withName("assign_" + e.getKey()).assign(e.getValue(), feed));
            }
            session = sessionConfig == null ? new Session(graph) : new Session(graph, sessionConfig);
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    public static GeneratorGraph create(GanConfig config) {
        return new GeneratorGraph(config, null);
    }

    /** @param sessionConfig e.g. fewer threads, for a graph that runs beside training */
    public static GeneratorGraph create(GanConfig config, ConfigProto sessionConfig) {
        return new GeneratorGraph(config, sessionConfig);
    }

    /** A generator with the weights of the checkpoint at {@code prefix} (written by a {@link TrainingGraph}). */
    public static GeneratorGraph fromCheckpoint(GanConfig config, Path prefix) {
        GeneratorGraph g = create(config);
        try {
            g.restore(prefix);
            return g;
        } catch (RuntimeException e) {
            g.close();
            throw e;
        }
    }

    public GanConfig config() {
        return config;
    }

    public void restore(Path prefix) {
        session.restore(prefix.toString());
    }

    /** Loads a snapshot taken from a training graph of the same architecture. */
    public void load(GeneratorWeights weights) {
        Session.Runner runner = session.runner();
        java.util.List<TFloat32> tensors = new java.util.ArrayList<>();
        try {
            for (Map.Entry<String, Placeholder<TFloat32>> e : feeds.entrySet()) {
                float[] values = weights.values().get(e.getKey());
                if (values == null) {
                    throw new IllegalArgumentException("the snapshot has no variable " + e.getKey());
                }
                TFloat32 t = Tensors.floats(Shape.of(weights.shapes().get(e.getKey())), values);
                tensors.add(t);
                runner.feed(e.getValue(), t).addTarget(assigns.get(e.getKey()));
            }
            runner.run().close();
        } finally {
            tensors.forEach(TFloat32::close);
        }
    }

    /** Copies every generator variable out (as {@link TrainingGraph#snapshotGenerator} does). */
    public GeneratorWeights snapshot(long step) {
        return GeneratorWeights.fetch(session, variables, step, config);
    }

    /** {@code count} images from {@code count×latent} noise values; floats in [-1, 1], HWC per image. */
    public float[] generate(float[] noiseValues, int count) {
        try (TFloat32 input = Tensors.floats(Shape.of(count, config.latentDim()), noiseValues);
             Result result = session.runner().feed(noise, input).fetch(images).run()) {
            return Tensors.toFloats(result.get(0));
        }
    }

    /**
     * Writes a SavedModel (tag "serve", signature "serving_default": {@value #INPUT} → {@value #OUTPUT}) that
     * any TensorFlow runtime can load without Halfday.
     */
    public void exportSavedModel(Path directory) throws IOException {
        Signature signature = Signature.builder().key(Signature.DEFAULT_KEY)
                .input(INPUT, noise).output(OUTPUT, images).build();
        SavedModelBundle.exporter(directory.toString()).withSession(session).withSignature(signature).export();
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
