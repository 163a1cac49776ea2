package dev.halfday.engine.detect;

import dev.halfday.engine.image.ImageDecoder;
import dev.halfday.engine.testing.Samples;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class BatchDetectionTest {

    private static Detector detector;

    @BeforeAll
    static void load() throws Exception {
        detector = Detectors.loadDefault();
    }

    @AfterAll
    static void close() {
        detector.close();
    }

    @Test
    void resultsComeInInputOrderAndBadFilesDoNotStopTheBatch() throws Exception {
        List<Path> files = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            files.add(Samples.photo("chelsea.png"));
            expected.add("cat");
            files.add(Samples.fixture("truncated.jpg"));
            expected.add("error");
            files.add(Samples.photo("motorcycle_left.png"));
            expected.add("motorcycle");
            files.add(Path.of("missing-" + i + ".png"));
            expected.add("error");
            files.add(Samples.photo("coffee.png"));
            expected.add("cup");
        }
        List<BatchDetection.Item> items = new ArrayList<>();
        // Several decoders and two model calls in flight: order must still be the input order.
        new BatchDetection(detector, ImageDecoder.standard(), 3, 2).run(files, DetectOptions.defaults(), items::add);

        assertThat(items).extracting(BatchDetection.Item::file).containsExactlyElementsOf(files);
        assertThat(items).extracting(i -> i.ok() ? i.result().detections().get(0).label() : "error")
                .containsExactlyElementsOf(expected);
        assertThat(items.get(1).error()).startsWith("truncated JPEG image");
        assertThat(items.get(3).error()).isEqualTo("no such file");
        assertThat(items.get(0).image().width()).isEqualTo(451);
    }

    @Test
    void decodingStartsWhileTheModelLoadsAndAFailedLoadIsReportedPerFile() throws Exception {
        CompletableFuture<Detector> loading = new CompletableFuture<>();
        List<BatchDetection.Item> items = new ArrayList<>();
        BatchDetection batch = BatchDetection.whileLoading(loading, ImageDecoder.standard(), 1, 1);
        Thread failLater = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            loading.completeExceptionally(new ModelLoadException("not a model folder: /nowhere"));
        });
        failLater.start();
        batch.run(List.of(Samples.fixture("notes.jpg"), Samples.photo("chelsea.png")), DetectOptions.defaults(),
                items::add);
        failLater.join();
        assertThat(items.get(0).error()).startsWith("not an image");
        assertThat(items.get(1).error()).isEqualTo("the model could not be loaded: not a model folder: /nowhere");

        List<BatchDetection.Item> loaded = new ArrayList<>();
        BatchDetection.whileLoading(CompletableFuture.completedFuture(detector), ImageDecoder.standard(), 1, 1)
                .run(List.of(Samples.photo("chelsea.png")), DetectOptions.defaults(), loaded::add);
        assertThat(loaded.get(0).result().detections().get(0).label()).isEqualTo("cat");
    }

    @Test
    void anEmptyListCallsNothing() throws Exception {
        List<BatchDetection.Item> items = new ArrayList<>();
        BatchDetection.forThisMachine(detector).run(List.of(), DetectOptions.defaults(), items::add);
        assertThat(items).isEmpty();
    }
}
