package dev.halfday.engine.gan.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.halfday.engine.gan.Architecture;
import dev.halfday.engine.gan.GanConfig;
import dev.halfday.engine.gan.data.BatchSampler;
import dev.halfday.engine.gan.data.FashionMnist;
import dev.halfday.engine.gan.data.ImageDataset;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/** The training graph on real Fashion-MNIST batches, small batch, a few dozen steps. */
class TrainingGraphTest {

    static final GanConfig SMALL = GanConfig.defaults(Architecture.GREY_28).withBatchSize(8)
            .withLearningRates(2e-4f, 2e-4f).withBeta1(0.5f);
    static ImageDataset data;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadData() throws Exception {
        data = FashionMnist.bundled(FashionMnist.Split.TRAIN);
    }

    static float[] noise(int count, long seed) {
        Random r = new Random(seed);
        float[] n = new float[count * SMALL.latentDim()];
        for (int i = 0; i < n.length; i++) {
            n[i] = (float) r.nextGaussian();
        }
        return n;
    }

    static void train(TrainingGraph graph, long from, long to) {
        BatchSampler sampler = new BatchSampler(data, SMALL.batchSize(), SMALL.seed());
        byte[] batch = new byte[sampler.batchBytes()];
        for (long s = from; s < to; s++) {
            sampler.fill(s, batch);
            StepMetrics m = graph.step(s, batch, 2e-4f, 2e-4f);
            assertThat(m.isFinite()).as("step %d: %s", s, m).isTrue();
            assertThat(m.dReal()).isBetween(0f, 1f);
            assertThat(m.dFake()).isBetween(0f, 1f);
        }
    }

    @Test
    void aShortRunHasFiniteLossesAndChangesWhatTheGeneratorDraws() {
        float[] z = noise(16, 1);
        try (TrainingGraph graph = TrainingGraph.create(SMALL)) {
            float[] before = graph.sample(z, 16);
            assertThat(before).hasSize(16 * 28 * 28);
            for (float v : before) {
                assertThat(v).isBetween(-1f, 1f);
            }
            train(graph, 0, 40);
            float[] after = graph.sample(z, 16);
            double change = 0;
            for (int i = 0; i < after.length; i++) {
                change += Math.abs(after[i] - before[i]);
            }
            assertThat(change / after.length).isGreaterThan(0.02);
        }
    }

    @Test
    void aCheckpointRestoresEverythingSoSamplesAndTheNextStepsMatch() throws Exception {
        float[] z = noise(8, 2);
        Path prefix = dir.resolve("model");
        float[] samples;
        StepMetrics[] continued = new StepMetrics[3];
        BatchSampler sampler = new BatchSampler(data, SMALL.batchSize(), SMALL.seed());
        byte[] batch = new byte[sampler.batchBytes()];
        try (TrainingGraph graph = TrainingGraph.create(SMALL)) {
            train(graph, 0, 15);
            graph.save(prefix);
            samples = graph.sample(z, 8);
            for (int i = 0; i < 3; i++) {
                sampler.fill(15 + i, batch);
                continued[i] = graph.step(15 + i, batch, 2e-4f, 2e-4f);
            }
        }
        try (TrainingGraph restored = TrainingGraph.create(SMALL)) {
            assertThat(maxDifference(restored.sample(z, 8), samples)).as("a fresh graph draws other images").isGreaterThan(0.01);
            restored.restore(prefix);
            assertThat(maxDifference(restored.sample(z, 8), samples)).isZero();
            // Adam's moments and powers and the BN statistics came back too: training goes on identically
            for (int i = 0; i < 3; i++) {
                sampler.fill(15 + i, batch);
                StepMetrics m = restored.step(15 + i, batch, 2e-4f, 2e-4f);
                assertThat(m.dLoss()).isCloseTo(continued[i].dLoss(), within(1e-3f));
                assertThat(m.gLoss()).isCloseTo(continued[i].gLoss(), within(1e-3f));
            }
        }
        try (GeneratorGraph generator = GeneratorGraph.fromCheckpoint(SMALL, prefix)) {
            float[] fromGenerator = generator.generate(z, 8);
            for (int i = 0; i < samples.length; i++) {
                assertThat(fromGenerator[i]).isCloseTo(samples[i], within(1e-4f));
            }
        }
    }

    @Test
    void theExportedSavedModelDrawsTheSameImagesWithoutHalfday() throws Exception {
        float[] z = noise(4, 3);
        Path prefix = dir.resolve("model");
        float[] expected;
        try (TrainingGraph graph = TrainingGraph.create(SMALL)) {
            train(graph, 0, 5);
            graph.save(prefix);
            expected = graph.sample(z, 4);
        }
        Path export = dir.resolve("generator");
        try (GeneratorGraph generator = GeneratorGraph.fromCheckpoint(SMALL, prefix)) {
            generator.exportSavedModel(export);
        }
        try (SavedModelBundle bundle = SavedModelBundle.load(export.toString(), "serve");
             TFloat32 input = Tensors.floats(Shape.of(4, SMALL.latentDim()), z);
             Result result = bundle.call(java.util.Map.of(GeneratorGraph.INPUT, input))) {
            TFloat32 images = (TFloat32) result.get(GeneratorGraph.OUTPUT).orElseThrow();
            assertThat(images.shape()).isEqualTo(Shape.of(4, 28, 28, 1));
            float[] got = Tensors.toFloats(images);
            for (int i = 0; i < got.length; i++) {
                assertThat(got[i]).isCloseTo(expected[i], within(1e-4f));
            }
        }
    }

    @Test
    void theLearningRateFedAtEachStepIsTheOneAdamUses() {
        BatchSampler sampler = new BatchSampler(data, SMALL.batchSize(), SMALL.seed());
        byte[] batch = new byte[sampler.batchBytes()];
        try (TrainingGraph graph = TrainingGraph.create(SMALL)) {
            float[] w0 = graph.snapshotGenerator(0).values().get("g_dense_w");
            sampler.fill(0, batch);
            graph.step(0, batch, 0f, 0f);
            float[] w1 = graph.snapshotGenerator(1).values().get("g_dense_w");
            assertThat(maxDifference(w0, w1)).as("weights moved with a learning rate of 0").isZero();
            sampler.fill(1, batch);
            graph.step(1, batch, 1e-3f, 1e-3f);
            float[] w2 = graph.snapshotGenerator(2).values().get("g_dense_w");
            // Adam moves each weight by at most about the learning rate per step
            assertThat(maxDifference(w1, w2)).isBetween(2e-4, 1.2e-3);
        }
    }

    /** Largest absolute difference (assertj's array diff is quadratic: keep it away from million-float arrays). */
    static double maxDifference(float[] a, float[] b) {
        assertThat(b.length).isEqualTo(a.length);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
