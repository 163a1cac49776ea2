package dev.halfday.engine.gan.fid;

import static org.assertj.core.api.Assertions.assertThat;

import dev.halfday.engine.gan.Architecture;
import dev.halfday.engine.gan.GanConfig;
import dev.halfday.engine.gan.data.FashionMnist;
import dev.halfday.engine.gan.model.GeneratorWeights;
import dev.halfday.engine.gan.model.TrainingGraph;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** FID with the shipped classifier on the bundled data. */
class FidTest {

    private static GeneratorWeights untrainedGenerator() {
        try (TrainingGraph graph = TrainingGraph.create(GanConfig.defaults(Architecture.GREY_28))) {
            return graph.snapshotGenerator(0);
        }
    }

    @Test
    void theShippedClassifierRecognisesFashionMnist() throws Exception {
        FashionMnist.Labelled test = FashionMnist.bundledLabelled(FashionMnist.Split.TEST);
        byte[] pixels = new byte[test.images().size() * 784];
        for (int i = 0; i < test.images().size(); i++) {
            test.images().copyPixels(i, pixels, i * 784);
        }
        try (FashionClassifier classifier = FashionClassifier.loadBundled()) {
            double accuracy = classifier.accuracy(FashionClassifier.toUnitRange(pixels, 0, pixels.length),
                    test.labels(), test.images().size());
            assertThat(accuracy).isGreaterThanOrEqualTo(0.88);
            assertThat(classifier.features(FashionClassifier.toUnitRange(pixels, 0, 784), 1)).hasSize(128);
        }
    }

    @Test
    void realImagesScoreFarBelowAnUntrainedGeneratorAndMeasurementsRunOffTheCallersThread() throws Exception {
        GeneratorWeights untrained = untrainedGenerator();
        try (FidEvaluator fid = FidEvaluator.withBundledClassifier()) {
            double floor = fid.realVsReal();
            CompletableFuture<FidEvaluator.Measurement> result = new CompletableFuture<>();
            String[] thread = new String[1];
            fid.submit(untrained, m -> {
                thread[0] = Thread.currentThread().getName();
                result.complete(m);
            });
            FidEvaluator.Measurement m = result.get(3, TimeUnit.MINUTES);
            assertThat(thread[0]).isEqualTo("gan-fid");
            assertThat(m.step()).isZero();
            assertThat(floor).isGreaterThan(0).isLessThan(m.fid() / 10);
            assertThat(fid.measure(untrained)).as("same noise, same weights").isEqualTo(m.fid());
        }
    }

    @Test
    void aRequestWaitingBehindANewerOneIsReportedAsSkipped() throws Exception {
        GeneratorWeights w = untrainedGenerator();
        try (FidEvaluator fid = FidEvaluator.withBundledClassifier()) {
            java.util.List<FidEvaluator.Measurement> got = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int i = 1; i <= 3; i++) {
                fid.submit(new GeneratorWeights(i, w.config(), w.values(), w.shapes()), got::add);
            }
            assertThat(fid.awaitIdle(3, TimeUnit.MINUTES)).isTrue();
            assertThat(got).hasSize(3);
            assertThat(got).filteredOn(m -> !Double.isNaN(m.fid())).extracting(FidEvaluator.Measurement::step)
                    .contains(3L);
            assertThat(got).filteredOn(m -> Double.isNaN(m.fid())).isNotEmpty();
        }
    }
}
