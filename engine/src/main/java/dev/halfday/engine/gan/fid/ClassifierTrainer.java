package dev.halfday.engine.gan.fid;

import dev.halfday.engine.gan.data.FashionMnist;
import dev.halfday.engine.gan.model.Tensors;
import dev.halfday.engine.gan.model.WeightStore;
import dev.halfday.engine.util.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.framework.optimizers.Optimizer.GradAndVar;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TType;

/**
 * Trains the FID classifier ({@link ClassifierNetwork}) on Fashion-MNIST with TF Java: softmax cross-entropy,
 * the framework's Adam (1e-3) applied to gradients taken explicitly with respect to the classifier's variables,
 * a fresh seeded shuffle each epoch. Writes a SavedModel and reports its accuracy on the test set, measured
 * on the exported model itself (so the number belongs to the files that ship).
 */
public final class ClassifierTrainer {

    /** What a training run achieved. */
    public record Outcome(double testAccuracy, int testImages, int trainImages, int epochs, double seconds) {
    }

    private ClassifierTrainer() {
    }

    public static Outcome train(FashionMnist.Labelled train, FashionMnist.Labelled test, Path outDir, int epochs,
            int batch, long seed, Consumer<String> progress) throws IOException {
        if (train.labels().length == 0 || test.labels().length == 0) {
            throw new IOException("training a classifier needs label files for both the training and the test set");
        }
        long started = System.nanoTime();
        int n = train.images().size();
        int pixels = 28 * 28;
        byte[] all = new byte[n * pixels];
        for (int i = 0; i < n; i++) {
            train.images().copyPixels(i, all, i * pixels);
        }
        Path work = Files.createTempDirectory("halfday-classifier-");
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            WeightStore weights = new WeightStore(tf, seed);
            Placeholder<TFloat32> images = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 28, 28, 1)));
            Placeholder<TInt32> labels = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
            ClassifierNetwork.Outputs out = ClassifierNetwork.build(tf, weights, images, seed);
            Operand<TFloat32> oneHot = tf.oneHot(labels, tf.constant(ClassifierNetwork.CLASSES), tf.constant(1f),
                    tf.constant(0f));
            Operand<TFloat32> loss = tf.math.mean(
                    tf.nn.softmaxCrossEntropyWithLogits(out.logits(), oneHot).loss(), tf.constant(0));
            List<Variable<TFloat32>> vars = weights.trainables("c_");
            Output<?>[] grads = graph.addGradients(loss.asOutput(),
                    vars.stream().map(Variable::asOutput).toArray(Output<?>[]::new));
            List<GradAndVar<? extends TType>> pairs = new ArrayList<>();
            for (int i = 0; i < grads.length; i++) {
                pairs.add(new GradAndVar<>(grads[i].expect(TFloat32.class), vars.get(i).asOutput()));
            }
            Op trainOp = new Adam(graph, 1e-3f).applyGradients(pairs, "c_train");
            try (Session session = new Session(graph)) {
                session.initialize();
                float[] batchImages = new float[batch * pixels];
                int[] batchLabels = new int[batch];
                int[] order = new int[n];
                for (int i = 0; i < n; i++) {
                    order[i] = i;
                }
                for (int epoch = 0; epoch < epochs; epoch++) {
                    shuffle(order, new SplittableRandom(seed + epoch));
                    double lossSum = 0;
                    int steps = 0;
                    for (int start = 0; start + batch <= n; start += batch) {
                        for (int j = 0; j < batch; j++) {
                            int idx = order[start + j];
                            for (int p = 0; p < pixels; p++) {
                                batchImages[j * pixels + p] = (all[idx * pixels + p] & 0xff) / 127.5f - 1f;
                            }
                            batchLabels[j] = train.labels()[idx];
                        }
                        try (TFloat32 x = Tensors.floats(Shape.of(batch, 28, 28, 1), batchImages);
                             TInt32 y = TInt32.tensorOf(Shape.of(batch), DataBuffers.of(batchLabels, true, false));
                             Result r = session.runner().feed(images, x).feed(labels, y).addTarget(trainOp)
                                     .fetch(loss).run()) {
                            lossSum += ((TFloat32) r.get(0)).getFloat();
                        }
                        steps++;
                    }
                    progress.accept(String.format("epoch %d/%d: mean training loss %.4f", epoch + 1, epochs,
                            lossSum / steps));
                }
                session.save(work.resolve("c").toString());
            }
            Files.createDirectories(outDir.getParent() == null ? Path.of(".") : outDir.getParent());
            FashionClassifier.exportFromCheckpoint(work.resolve("c"), outDir, seed);
        } finally {
            FileTrees.deleteRecursively(work);
        }
        double accuracy;
        int testCount = test.images().size();
        byte[] testPixels = new byte[testCount * pixels];
        for (int i = 0; i < testCount; i++) {
            test.images().copyPixels(i, testPixels, i * pixels);
        }
        try (FashionClassifier exported = FashionClassifier.load(outDir)) {
            accuracy = exported.accuracy(FashionClassifier.toUnitRange(testPixels, 0, testPixels.length),
                    test.labels(), testCount);
        }
        return new Outcome(accuracy, testCount, n, epochs, (System.nanoTime() - started) / 1e9);
    }

    private static void shuffle(int[] order, SplittableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            int k = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[k];
            order[k] = t;
        }
    }
}
