package dev.halfday.engine.cli;

import dev.halfday.engine.bot.Bot;
import dev.halfday.engine.bot.BotListener;
import dev.halfday.engine.bot.BotSettings;
import dev.halfday.engine.bot.ChannelEvent;
import dev.halfday.engine.bot.GroupSelection;
import dev.halfday.engine.bot.wechat.WebWeChatChannel;
import dev.halfday.engine.bot.wechat.WebWeChatConfig;
import dev.halfday.engine.bot.wechat.sim.SentMessage;
import dev.halfday.engine.bot.wechat.sim.WeChatSimulator;
import dev.halfday.engine.client.DetectionClient;
import dev.halfday.engine.client.DetectionClients;
import dev.halfday.engine.client.DetectionException;
import dev.halfday.engine.detect.DetectOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code halfday bench bot}: end-to-end latency of the bot — from the moment an image is available at the
 * simulator to the moment the simulator has recorded the bot's text reply (after the annotated image) — against
 * the detection alone on the same bytes, measured in the same run and interleaved, with the human delay off.
 */
@Command(name = "bot", mixinStandardHelpOptions = true,
        description = "Bot end-to-end latency over loopback HTTP vs detection alone (target: p50 <= detection p50 + 150 ms).")
public final class BotBenchCommand implements Callable<Integer> {

    static final double TARGET_OVERHEAD_MS = 150;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--images", defaultValue = "40", description = "Measured images (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--warmup", defaultValue = "5", description = "Unmeasured images first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--image", paramLabel = "FILE", description = "Image to send (default: the bundled chelsea.png).")
    Path image;

    @Option(names = "--backend", defaultValue = "local", description = "Detection backend (default: ${DEFAULT-VALUE}).")
    String backend;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        byte[] bytes = image != null ? CliErrors.readOptionFile(spec, "--image", image) : bundled("chelsea.png");
        DetectionClient detection;
        try {
            detection = DetectionClients.fromSpec(backend);
        } catch (DetectionException e) {
            spec.commandLine().getErr().println("halfday bench bot: " + e.getMessage());
            return 1;
        }
        try (detection; WeChatSimulator sim = WeChatSimulator.start(0)) {
            sim.addGroup("Bench", "Alice");
            sim.autoConfirm(Duration.ofMillis(50)).loginHold(Duration.ofSeconds(1));
            WebWeChatChannel channel = new WebWeChatChannel(WebWeChatConfig.builder().singleBase(sim.baseUrl())
                    .minLoginPollInterval(Duration.ofMillis(20)).build());
            BotSettings settings = BotSettings.defaults().withHumanDelay(false).withRateLimit(0)
                    .withGroups(GroupSelection.allGroups());
            Bot bot = new Bot(channel, detection, settings);
            CountDownLatch ready = new CountDownLatch(1);
            bot.addListener(new BotListener() {
                @Override
                public void onChannelEvent(ChannelEvent event) {
                    if (event instanceof ChannelEvent.GroupsChanged) {
                        ready.countDown();
                    }
                }
            });
            bot.start();
            try {
                if (!ready.await(30, TimeUnit.SECONDS)) {
                    spec.commandLine().getErr().println("halfday bench bot: the bot did not log in to the simulator within 30 s");
                    return 1;
                }
                List<Double> e2e = new ArrayList<>();
                List<Double> det = new ArrayList<>();
                DetectOptions options = DetectOptions.defaults();
                int replies = 0;
                for (int i = 0; i < warmup + images; i++) {
                    long t0 = System.nanoTime();
                    detection.detect(bytes, options);
                    double detectMs = (System.nanoTime() - t0) / 1e6;
                    String msgId = sim.postImage("Bench", "Alice", bytes);
                    long available = sim.availableNanos(msgId);
                    replies++;
                    SentMessage text = sim.awaitSent(m -> !m.isImage(), replies, Duration.ofSeconds(60)).get(replies - 1);
                    if (i >= warmup) {
                        det.add(detectMs);
                        e2e.add((text.nanoTime() - available) / 1e6);
                    }
                }
                report(out, bytes.length, e2e, det, detection.describe());
            } finally {
                bot.stop();
            }
        }
        return 0;
    }

    /** The table goes to stderr for people; stdout gets the one contract line of key=value pairs. */
    private void report(PrintWriter out, int imageBytes, List<Double> e2e, List<Double> det, String backend) {
        PrintWriter err = spec.commandLine().getErr();
        double e50 = percentile(e2e, 50);
        double d50 = percentile(det, 50);
        err.printf(Locale.ROOT, "bot end-to-end over loopback HTTP (%s, %d-byte image, %d runs, human delay off)%n",
                backend, imageBytes, e2e.size());
        err.printf(Locale.ROOT, "%-28s %9s %9s %9s%n", "", "p50 ms", "p90 ms", "min ms");
        err.printf(Locale.ROOT, "%-28s %9.1f %9.1f %9.1f%n", "detection alone", d50, percentile(det, 90), percentile(det, 0));
        err.printf(Locale.ROOT, "%-28s %9.1f %9.1f %9.1f%n", "image posted -> reply sent", e50, percentile(e2e, 90), percentile(e2e, 0));
        err.flush();
        double overhead = e50 - d50;
        out.printf(Locale.ROOT, "bot e2e_p50_ms=%.1f e2e_p90_ms=%.1f detect_p50_ms=%.1f detect_p90_ms=%.1f overhead_p50_ms=%.1f "
                        + "ratio=%.2f target_overhead_ms=%.0f pass=%b runs=%d image_bytes=%d%n",
                e50, percentile(e2e, 90), d50, percentile(det, 90), overhead, e50 / d50, TARGET_OVERHEAD_MS,
                overhead <= TARGET_OVERHEAD_MS, e2e.size(), imageBytes);
        out.flush();
    }

    static double percentile(List<Double> values, int p) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        if (v.length == 0) {
            return Double.NaN;
        }
        int idx = (int) Math.ceil(p / 100.0 * v.length) - 1;
        return v[Math.max(0, Math.min(v.length - 1, idx))];
    }

    private static byte[] bundled(String name) throws java.io.IOException {
        try (InputStream in = BotBenchCommand.class.getResourceAsStream("/halfday/resources/samples/" + name)) {
            if (in == null) {
                throw new java.io.IOException("missing bundled sample " + name);
            }
            return in.readAllBytes();
        }
    }
}
