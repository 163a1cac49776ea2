package dev.halfday.engine.gan.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.halfday.engine.gan.Architecture;
import dev.halfday.engine.gan.GanConfig;
import dev.halfday.engine.gan.data.DatasetSpec;
import dev.halfday.engine.gan.data.FashionMnist;
import dev.halfday.engine.gan.data.ImageDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer end to end on real Fashion-MNIST images: small batch, tens of steps, no FID (see FidTest). */
class TrainerTest {

    static final GanConfig SMALL = GanConfig.defaults(Architecture.GREY_28).withBatchSize(8)
            .withLearningRates(2e-4f, 2e-4f).withBeta1(0.5f).withIntervals(5, 0, 10);
    static final Duration LONG = Duration.ofMinutes(3);
    static ImageDataset data;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadData() throws Exception {
        data = FashionMnist.bundled(FashionMnist.Split.TRAIN);
    }

    private Trainer.Builder newRun(long target) {
        return Trainer.builder(dir).config(SMALL).dataset(DatasetSpec.fashionMnist(), data).targetSteps(target)
                .fidEvaluator(null);
    }

    /** Records every event. */
    static final class Recorder implements TrainingListener {
        final List<TrainingEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(TrainingEvent event) {
            events.add(event);
        }

        <T extends TrainingEvent> List<T> of(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }

        List<TrainerState> states() {
            List<TrainerState> out = new java.util.ArrayList<>();
            for (TrainingEvent.StateChanged c : of(TrainingEvent.StateChanged.class)) {
                if (out.isEmpty() || out.get(out.size() - 1) != c.state()) {
                    out.add(c.state());
                }
            }
            return out;
        }
    }

    @Test
    void startPauseResumeAndStopEachTakeEffectWithinOneStep() throws Exception {
        Recorder recorder = new Recorder();
        try (Trainer trainer = newRun(0).build()) {
            trainer.addListener(recorder, TrainingListener.Delivery.ALL);
            trainer.start();
            await().atMost(LONG).until(() -> trainer.step() >= 6);

            long asked = trainer.step();
            trainer.pause();
            await().atMost(LONG).until(() -> trainer.state() == TrainerState.PAUSED);
            long paused = trainer.step();
            assertThat(paused).isBetween(asked, asked + 1);
            Thread.sleep(1500);
            assertThat(trainer.step()).as("no steps while paused").isEqualTo(paused);
            assertThat(new CheckpointStore(dir.resolve("checkpoints")).latest().orElseThrow().step())
                    .as("pausing checkpoints").isEqualTo(paused);

            trainer.setLearningRates(1e-4f, 1e-4f);
            trainer.resume();
            await().atMost(LONG).until(() -> trainer.step() >= paused + 3);
            assertThat(trainer.generatorLearningRate()).isEqualTo(1e-4f);

            asked = trainer.step();
            trainer.stop();
            assertThat(trainer.awaitTermination(3, TimeUnit.MINUTES)).isTrue();
            assertThat(trainer.state()).isEqualTo(TrainerState.STOPPED);
            assertThat(trainer.step()).isBetween(asked, asked + 1);
            assertThat(trainer.awaitEventsDelivered(10_000)).isTrue();
            long last = trainer.step();
            assertThat(new CheckpointStore(dir.resolve("checkpoints")).latest().orElseThrow().step()).isEqualTo(last);
            assertThat(recorder.of(TrainingEvent.Samples.class)).last()
                    .satisfies(s -> assertThat(s.step()).as("a final grid").isEqualTo(last));
            assertThat(recorder.of(TrainingEvent.Step.class)).hasSize((int) last)
                    .allSatisfy(s -> assertThat(Float.isFinite(s.dLoss()) && Float.isFinite(s.gLoss())).isTrue());
        }
        assertThat(recorder.states()).containsSubsequence(TrainerState.PREPARING, TrainerState.RUNNING,
                TrainerState.PAUSED, TrainerState.RUNNING, TrainerState.STOPPING, TrainerState.STOPPED);
    }

    @Test
    void aResumedRunContinuesTheStepCountTheCurvesAndTheFixedNoise() throws Exception {
        MetricsHistory first;
        float[] firstGrid;
        try (Trainer trainer = newRun(12).build()) {
            Recorder recorder = new Recorder();
            trainer.addListener(recorder, TrainingListener.Delivery.ALL);
            trainer.start();
            assertThat(trainer.awaitTermination(3, TimeUnit.MINUTES)).isTrue();
            assertThat(trainer.state()).isEqualTo(TrainerState.STOPPED);
            assertThat(trainer.step()).isEqualTo(12);
            first = trainer.history().copy();
            trainer.awaitEventsDelivered(10_000);
            firstGrid = toFloats(recorder.of(TrainingEvent.Samples.class).get(recorder.of(TrainingEvent.Samples.class).size() - 1));
        }
        Recorder recorder = new Recorder();
        try (Trainer resumed = Trainer.builder(dir).resume(true).targetSteps(20).dataset(DatasetSpec.fashionMnist(), data)
                .fidEvaluator(null).build()) {
            resumed.addListener(recorder, TrainingListener.Delivery.ALL);
            resumed.start();
            assertThat(resumed.awaitTermination(3, TimeUnit.MINUTES)).isTrue();
            assertThat(resumed.state()).isEqualTo(TrainerState.STOPPED);
            assertThat(resumed.step()).isEqualTo(20);
            MetricsHistory h = resumed.history();
            assertThat(h.size()).isEqualTo(20);
            for (int i = 0; i < 20; i++) {
                assertThat(h.get(i).step()).isEqualTo(i + 1);
            }
            for (int i = 0; i < 12; i++) {
                assertThat(h.get(i)).isEqualTo(first.get(i));
            }
            resumed.awaitEventsDelivered(10_000);
        }
        // the first grid after resuming is drawn at step 12 from the same fixed noise and restored weights
        TrainingEvent.Samples again = recorder.of(TrainingEvent.Samples.class).get(0);
        assertThat(again.step()).isEqualTo(12);
        assertThat(toFloats(again)).containsExactly(firstGrid);
        assertThat(recorder.of(TrainingEvent.Step.class).get(0).step()).isEqualTo(13);
    }

    @Test
    void aNaNLossPausesRestoresTheLastGoodCheckpointAndSaysSo() throws Exception {
        Recorder recorder = new Recorder();
        try (Trainer trainer = newRun(0).build()) {
            trainer.addListener(recorder, TrainingListener.Delivery.ALL);
            trainer.start();
            await().atMost(LONG).until(() -> trainer.step() >= 12); // a checkpoint was written at step 10
            trainer.injectDivergence();
            await().atMost(LONG).until(() -> !recorder.of(TrainingEvent.Diverged.class).isEmpty());
            TrainingEvent.Diverged diverged = recorder.of(TrainingEvent.Diverged.class).get(0);
            assertThat(diverged.restoredStep()).isEqualTo(10);
            assertThat(diverged.failedStep()).isGreaterThan(12);
            assertThat(diverged.message()).contains("diverged").contains("restored the checkpoint of step 10");
            await().atMost(LONG).until(() -> trainer.state() == TrainerState.PAUSED);
            assertThat(trainer.step()).isEqualTo(10);
            assertThat(trainer.history().lastStep()).isEqualTo(10);

            trainer.setLearningRates(1e-4f, 1e-4f);
            trainer.resume();
            await().atMost(LONG).until(() -> trainer.step() >= 14);
            trainer.stop();
            assertThat(trainer.awaitTermination(3, TimeUnit.MINUTES)).isTrue();
            assertThat(trainer.state()).isEqualTo(TrainerState.STOPPED);
            MetricsHistory h = trainer.history();
            for (int i = 0; i < h.size(); i++) {
                assertThat(h.get(i).step()).isEqualTo(i + 1);
                assertThat(Float.isFinite(h.get(i).dLoss())).isTrue();
            }
        }
    }

    @Test
    void aListenerThatNeverReturnsCannotHoldTrainingUp() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        TrainingListener stuck = event -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        try (Trainer trainer = newRun(0).build()) {
            trainer.addListener(stuck, TrainingListener.Delivery.LATEST);
            trainer.start();
            await().atMost(LONG).until(() -> trainer.step() >= EventMailbox.LATEST_CAPACITY + 20);
            assertThat(trainer.droppedEvents(stuck)).isGreaterThan(0);
            never.countDown();
            trainer.stop();
            assertThat(trainer.awaitTermination(3, TimeUnit.MINUTES)).isTrue();
        }
    }

    @Test
    void aFolderWithOneCorruptPictureTrainsAndReportsTheSkip() throws Exception {
        Path photos = Files.createDirectory(dir.resolve("photos"));
        dev.halfday.engine.gan.data.SamplePhotos.copyTo(photos);
        Files.write(photos.resolve("corrupt.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0});
        GanConfig rgb = GanConfig.defaults(Architecture.RGB_64).withBatchSize(4).withIntervals(0, 0, 0);
        Recorder recorder = new Recorder();
        try (Trainer trainer = Trainer.builder(dir.resolve("run")).config(rgb)
                .dataset(new DatasetSpec.FolderSpec(photos)).targetSteps(3).fidEvaluator(null).build()) {
            trainer.addListener(recorder, TrainingListener.Delivery.ALL);
            trainer.start();
            assertThat(trainer.awaitTermination(3, TimeUnit.MINUTES)).isTrue();
            assertThat(trainer.state()).as("%s", trainer.failure()).isEqualTo(TrainerState.STOPPED);
            assertThat(trainer.step()).isEqualTo(3);
            trainer.awaitEventsDelivered(10_000);
        }
        TrainingEvent.DatasetLoaded loaded = recorder.of(TrainingEvent.DatasetLoaded.class).get(0);
        assertThat(loaded.images()).isEqualTo(5);
        assertThat(loaded.skipped()).singleElement().satisfies(s -> assertThat(s.file()).isEqualTo("corrupt.png"));
        assertThat(recorder.of(TrainingEvent.Step.class)).hasSize(3)
                .allSatisfy(s -> assertThat(Float.isFinite(s.dLoss())).isTrue());
        assertThat(recorder.of(TrainingEvent.Samples.class)).last().satisfies(s -> {
            assertThat(s.grid().cellSize()).isEqualTo(64);
            assertThat(s.grid().channels()).isEqualTo(3);
        });
    }

    @Test
    void aNewRunRefusesAFolderThatAlreadyHoldsOne() throws Exception {
        try (Trainer trainer = newRun(2).build()) {
            trainer.start();
            assertThat(trainer.awaitTermination(3, TimeUnit.MINUTES)).isTrue();
        }
        try (Trainer again = newRun(4).build()) {
            again.start();
            assertThat(again.awaitTermination(3, TimeUnit.MINUTES)).isTrue();
            assertThat(again.state()).isEqualTo(TrainerState.FAILED);
            assertThat(again.failure()).get().asString().contains("already holds a run");
        }
        assertThat(new CheckpointStore(dir.resolve("checkpoints")).latest().orElseThrow().step()).isEqualTo(2);
    }

    private static float[] toFloats(TrainingEvent.Samples s) {
        byte[] p = s.grid().pixels();
        float[] out = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = p[i] & 0xff;
        }
        return out;
    }
}
