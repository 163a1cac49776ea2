package dev.halfday.engine.cli;

import dev.halfday.engine.gan.Architecture;
import dev.halfday.engine.gan.GanConfig;
import dev.halfday.engine.gan.data.DatasetSpec;
import dev.halfday.engine.gan.data.FashionMnist;
import dev.halfday.engine.gan.data.ImageDataset;
import dev.halfday.engine.gan.train.MetricsHistory;
import dev.halfday.engine.gan.train.Trainer;
import dev.halfday.engine.gan.train.TrainerState;
import dev.halfday.engine.gan.train.TrainingEvent;
import dev.halfday.engine.gan.train.TrainingListener;
import java.awt.image.BufferedImage;
import dev.halfday.engine.util.FileTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code halfday bench gan}: training speed and memory of the 28×28 DCGAN on the bundled Fashion-MNIST
 * subset, through the same {@link Trainer} the app and {@code train-gan} use (grids every 100 steps, no FID,
 * no checkpoints after the first). Step times come from the trainer's own per-step clock; the first
 * {@code --warmup} steps are left out.
 *
 * <p>{@code --with-listener} measures the cost of a display: it alternates rounds without and with a listener
 * that does what the app's GAN tab does with every event (smoothing, re-decimating all four curves ten times a
 * second, turning every grid into display pixels), in one run, so both sides see the same machine.
 */
@Command(name = "gan", mixinStandardHelpOptions = true,
        description = {"Benchmark DCGAN training: prints 'gan imgs_per_s=… ms_per_step_p50=… rss_mb=…'.",
                "--with-listener also prints the same figures with an app-like listener and the overhead ratio."})
public final class BenchGanCommand implements Callable<Integer> {

    @Option(names = "--batch", defaultValue = "64", description = "Images per step. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--steps", defaultValue = "300",
            description = "Measured steps (per variant with --with-listener). Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--warmup", defaultValue = "30", description = "Steps run before measuring. Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--with-listener", description = "Also measure with an app-like listener, in alternating rounds.")
    boolean withListener;

    @Option(names = "--round", defaultValue = "50",
            description = "Steps per round when alternating with --with-listener. Default: ${DEFAULT-VALUE}.")
    int round;

    @Option(names = "--rss-every", defaultValue = "0", paramLabel = "N",
            description = "Print the resident memory every N steps on stderr (0 = never).")
    int rssEvery;

    @Override
    public Integer call() throws Exception {
        if (steps < 1 || warmup < 0 || round < 1) {
            System.err.println("halfday bench gan: --steps and --round must be at least 1, --warmup at least 0");
            return 2;
        }
        ImageDataset data = FashionMnist.bundled(FashionMnist.Split.TRAIN);
        GanConfig config = GanConfig.defaults(Architecture.GREY_28).withBatchSize(batch).withIntervals(100, 0, 0).validate();
        long total = warmup + (long) steps * (withListener ? 2 : 1) + (withListener ? 2L * (steps / round + 1) : 0);
        Path runDir = Files.createTempDirectory("halfday-bench-gan-");
        AppLikeListener listener = new AppLikeListener();
        List<long[]> listenerSpans = new ArrayList<>();
        List<long[]> plainSpans = new ArrayList<>();
        long rssFirst = -1;
        long rssMax = 0;
        Trainer trainer = Trainer.builder(runDir).config(config).dataset(DatasetSpec.fashionMnist(), data)
                .targetSteps(total).fidEvaluator(null).build();
        listener.trainer = trainer;
        try {
            trainer.start();
            boolean listening = false;
            long spanStart = warmup;
            long nextRss = rssEvery > 0 ? warmup : Long.MAX_VALUE;
            long plainSteps = 0;
            long listenerSteps = 0;
            while (!trainer.state().isFinal()) {
                long s = trainer.step();
                if (s >= nextRss) {
                    long rss = ProcessMemory.currentRssMb();
                    System.err.printf("rss step=%d mb=%d%n", s, rss);
                    nextRss += rssEvery;
                }
                if (s >= warmup) {
                    long rss = ProcessMemory.currentRssMb();
                    rssFirst = rssFirst < 0 ? rss : rssFirst;
                    rssMax = Math.max(rssMax, rss);
                }
                if (withListener && s >= spanStart + round) {
                    // close the span (the switching step itself is left out of both variants)
                    (listening ? listenerSpans : plainSpans).add(new long[] {spanStart + 1, s});
                    if (listening) {
                        listenerSteps += s - spanStart;
                        trainer.removeListener(listener);
                    } else {
                        plainSteps += s - spanStart;
                        trainer.addListener(listener, TrainingListener.Delivery.LATEST);
                    }
                    listening = !listening;
                    spanStart = s + 1;
                    if (plainSteps >= steps && listenerSteps >= steps) {
                        trainer.stop();
                    }
                }
                Thread.sleep(2);
            }
            if (trainer.state() == TrainerState.FAILED) {
                System.err.println("halfday: " + trainer.failure().orElse("training failed"));
                return 1;
            }
            if (!withListener) {
                plainSpans.add(new long[] {warmup + 1, trainer.step()});
            }
            MetricsHistory history = trainer.history();
            long rssLast = ProcessMemory.currentRssMb();
            Figures plain = figures(history, plainSpans);
            System.out.printf("gan imgs_per_s=%.1f ms_per_step_p50=%.1f rss_mb=%d%n", plain.imgsPerSec, plain.p50, rssLast);
            if (withListener) {
                Figures with = figures(history, listenerSpans);
                System.out.printf("gan_with_listener imgs_per_s=%.1f ms_per_step_p50=%.1f rss_mb=%d events_handled=%d%n",
                        with.imgsPerSec, with.p50, rssLast, listener.events);
                System.out.printf("gan listener_overhead_pct=%.2f ratio_p50=%.4f ratio_throughput=%.4f steps_each=%d/%d%n",
                        (with.p50 / plain.p50 - 1) * 100, with.p50 / plain.p50, plain.imgsPerSec / with.imgsPerSec,
                        plain.count, with.count);
            }
            System.out.printf("gan_rss rss_mb_after_warmup=%d rss_mb_max=%d rss_mb_end=%d steps=%d%n",
                    rssFirst, rssMax, rssLast, trainer.step());
            return 0;
        } finally {
            trainer.close();
            FileTrees.deleteRecursively(runDir);
        }
    }

    private record Figures(double imgsPerSec, double p50, int count) {
    }

    private Figures figures(MetricsHistory history, List<long[]> spans) {
        List<Double> ms = new ArrayList<>();
        double seconds = 0;
        for (int i = 0; i < history.size(); i++) {
            TrainingEvent.Step s = history.get(i);
            for (long[] span : spans) {
                if (s.step() >= span[0] && s.step() <= span[1]) {
                    double stepMs = 1000.0 * batch / s.imgsPerSec();
                    ms.add(stepMs);
                    seconds += stepMs / 1000;
                }
            }
        }
        double[] sorted = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double p50 = sorted.length == 0 ? Double.NaN : (sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2);
        return new Figures(sorted.length * batch / seconds, p50, sorted.length);
    }

    /** Does with each event what the app's GAN tab does with it, on the listener's own thread. */
    static final class AppLikeListener implements TrainingListener {
        volatile Trainer trainer;
        long events;
        private final double[] smoothed = new double[4];
        private long lastRefresh;
        private int[] pixels = new int[0];
        String label = "";

        @Override
        public void onEvent(TrainingEvent event) {
            events++;
            if (event instanceof TrainingEvent.Step s) {
                float[] v = {s.dLoss(), s.gLoss(), s.dReal(), s.dFake()};
                for (int i = 0; i < 4; i++) {
                    smoothed[i] = 0.9 * smoothed[i] + 0.1 * v[i];
                }
                label = String.format("step %d · %.0f img/s · D %.3f · G %.3f", s.step(), s.imgsPerSec(), v[0], v[1]);
                long now = System.nanoTime();
                if (now - lastRefresh > TimeUnit.MILLISECONDS.toNanos(100)) {
                    lastRefresh = now;
                    for (MetricsHistory.Metric m : List.of(MetricsHistory.Metric.D_LOSS, MetricsHistory.Metric.G_LOSS,
                            MetricsHistory.Metric.D_REAL, MetricsHistory.Metric.D_FAKE)) {
                        trainer.history().series(m, 0.6, 1000);
                    }
                }
            } else if (event instanceof TrainingEvent.Samples s) {
                BufferedImage image = s.grid().toImage(3);
                int n = image.getWidth() * image.getHeight();
                if (pixels.length != n) {
                    pixels = new int[n];
                }
                image.getRGB(0, 0, image.getWidth(), image.getHeight(), pixels, 0, image.getWidth());
                Arrays.hashCode(pixels);
            } else if (event instanceof TrainingEvent.Fid) {
                trainer.history().fid();
            }
        }
    }
}
