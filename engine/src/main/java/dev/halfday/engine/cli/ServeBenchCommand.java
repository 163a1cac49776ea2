package dev.halfday.engine.cli;

import dev.halfday.engine.client.DetectionException;
import dev.halfday.engine.client.RemoteDetectionClient;
import dev.halfday.engine.client.RemoteOptions;
import dev.halfday.engine.detect.DetectOptions;
import dev.halfday.engine.detect.Detector;
import dev.halfday.engine.detect.Detectors;
import dev.halfday.engine.serve.DetectionServer;
import dev.halfday.engine.serve.ServeOptions;
import dev.halfday.engine.serve.ServedModels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code halfday bench serve}: the cost of the gRPC hop. The same image is detected by the engine in this
 * process and through a Halfday server on a loopback port, at several concurrencies, in interleaved rounds so
 * that both see the same machine load. One line per scenario, then one per target.
 */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        description = {"Requests/s and latency of detection over gRPC on loopback against in-process calls, "
                + "at concurrency 1, 4 and 16.",
                "Targets: gRPC p50 overhead <= 10%% at concurrency 1 (measured in back-to-back pairs); "
                        + "gRPC throughput at 4 >= at 1."})
public final class ServeBenchCommand implements Callable<Integer> {

    /** Bench-only target: the issue's contract for the gRPC hop. */
    static final double MAX_OVERHEAD = 0.10;

    @Spec
    CommandSpec spec;

    @Option(names = "--requests", defaultValue = "32", description = "Requests per scenario and round. Default: ${DEFAULT-VALUE}.")
    int requests;

    @Option(names = "--rounds", defaultValue = "3", description = "Interleaved rounds; rates are their median. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--concurrency", split = ",", defaultValue = "1,4,16", description = "Concurrent callers. Default: ${DEFAULT-VALUE}.")
    int[] concurrencies;

    @Option(names = "--image", description = "Image to detect. Default: the bundled chelsea.png (451×300).")
    Path image;

    @Option(names = "--max-inflight", description = "The server's --max-inflight. Default: one per core.")
    Integer maxInflight;

    /** One way to run a detection. */
    @FunctionalInterface
    interface Call {
        void detect(byte[] image) throws Exception;
    }

    @Override
    public Integer call() throws Exception {
        if (requests < 1 || rounds < 1 || Arrays.stream(concurrencies).anyMatch(c -> c < 1)) {
            throw new ParameterException(spec.commandLine(), "--requests, --rounds and --concurrency must be at least 1");
        }
        byte[] bytes = readImage();
        PrintWriter out = spec.commandLine().getOut();
        int maxConcurrency = Arrays.stream(concurrencies).max().orElse(1);
        ServeOptions options = ServeOptions.defaults().withPort(0).withQueueCapacity(Math.max(64, maxConcurrency));
        if (maxInflight != null) {
            options = options.withMaxInflight(maxInflight);
        }
        DetectOptions detectOptions = DetectOptions.defaults();
        try (Detector detector = Detectors.loadDefault();
             DetectionServer server = DetectionServer.start(ServedModels.of(detector), options);
             RemoteDetectionClient client = new RemoteDetectionClient("127.0.0.1", server.port(), RemoteOptions.defaults())) {
            Map<String, Call> backends = new LinkedHashMap<>();
            backends.put("in-process", b -> detector.detect(b, detectOptions));
            backends.put("grpc", b -> client.detect(b, detectOptions));
            out.printf(Locale.ROOT, "serve setup image=%dB server=%s max_inflight=%d cores=%d requests=%d rounds=%d%n",
                    bytes.length, server.target(), options.maxInflight(), Runtime.getRuntime().availableProcessors(),
                    requests, rounds);
            for (Call c : backends.values()) {
                warmUp(c, bytes, Math.max(4, options.maxInflight() * 2));
            }

            Map<String, Scenario> results = new LinkedHashMap<>();
            for (int concurrency : concurrencies) {
                for (int round = 0; round < rounds; round++) {
                    // Alternate which backend goes first so slow drift in machine load hits both alike.
                    List<String> order = new ArrayList<>(backends.keySet());
                    if (round % 2 == 1) {
                        java.util.Collections.reverse(order);
                    }
                    for (String name : order) {
                        results.computeIfAbsent(name + "@" + concurrency, k -> new Scenario(name, concurrency))
                                .add(runRound(backends.get(name), bytes, concurrency, requests));
                    }
                }
            }
            for (Scenario s : results.values()) {
                out.println(s.line());
            }
            Paired paired = runPaired(backends.get("in-process"), backends.get("grpc"), bytes, requests * rounds);
            out.println(paired.line());
            boolean pass = printTargets(out, results, paired);
            out.flush();
            return pass ? 0 : 1;
        }
    }

    private boolean printTargets(PrintWriter out, Map<String, Scenario> results, Paired paired) {
        boolean ok = true;
        double overhead = paired.medianExtraMs() / paired.localP50();
        boolean fast = overhead <= MAX_OVERHEAD;
        ok &= fast;
        out.printf(Locale.ROOT, "serve target grpc_p50_overhead_c1=%+.1f%% (paired median extra %.1f ms over in-process "
                        + "p50 %.1f ms; target <= %+.0f%%) %s%n",
                overhead * 100, paired.medianExtraMs(), paired.localP50(), MAX_OVERHEAD * 100, fast ? "PASS" : "FAIL");
        Scenario grpc1 = results.get("grpc@1");
        Scenario grpc4 = results.get("grpc@4");
        if (grpc1 != null && grpc4 != null) {
            double ratio = grpc4.rps() / grpc1.rps();
            boolean pass = ratio >= 1.0;
            ok &= pass;
            out.printf(Locale.ROOT, "serve target grpc_rps_c4_over_c1=%.2fx (%.1f vs %.1f req/s; target >= 1.00x) %s%n",
                    ratio, grpc4.rps(), grpc1.rps(), pass ? "PASS" : "FAIL");
        }
        return ok;
    }

    /**
     * The gRPC cost at concurrency 1, measured in pairs: each request is detected in-process and through the
     * server back to back (alternating which goes first), so both halves of a pair see the same machine load.
     * On a shared machine whose load drifts, the median of the per-pair differences is far steadier than the
     * difference of two medians taken seconds apart.
     */
    static Paired runPaired(Call local, Call grpc, byte[] image, int pairs) throws Exception {
        long[] localNanos = new long[pairs];
        long[] extraNanos = new long[pairs];
        for (int i = 0; i < pairs; i++) {
            long l;
            long g;
            if (i % 2 == 0) {
                l = time(local, image);
                g = time(grpc, image);
            } else {
                g = time(grpc, image);
                l = time(local, image);
            }
            localNanos[i] = l;
            extraNanos[i] = g - l;
        }
        Arrays.sort(localNanos);
        Arrays.sort(extraNanos);
        return new Paired(pairs, percentileMs(localNanos, 0.5), extraNanos[pairs / 2] / 1e6);
    }

    private static long time(Call call, byte[] image) throws Exception {
        long t0 = System.nanoTime();
        call.detect(image);
        return System.nanoTime() - t0;
    }

    record Paired(int pairs, double localP50, double medianExtraMs) {
        String line() {
            return String.format(Locale.ROOT, "serve paired concurrency=1 pairs=%d in-process_p50_ms=%.1f "
                    + "grpc_median_extra_ms=%.1f", pairs, localP50, medianExtraMs);
        }
    }

    private byte[] readImage() throws IOException {
        if (image != null) {
            return CliErrors.readOptionFile(spec, "--image", image);
        }
        try (InputStream in = ServeBenchCommand.class.getResourceAsStream("/halfday/resources/samples/chelsea.png")) {
            if (in == null) {
                throw new IOException("the bundled sample chelsea.png is missing");
            }
            return in.readAllBytes();
        }
    }

    private static void warmUp(Call call, byte[] image, int times) throws Exception {
        for (int i = 0; i < times; i++) {
            call.detect(image);
        }
    }

    /** Runs {@code total} calls from {@code concurrency} threads; returns the wall time and each latency. */
    static Round runRound(Call call, byte[] image, int concurrency, int total) throws Exception {
        long[] latencies = new long[total];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            long start = System.nanoTime();
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < concurrency; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                        long t0 = System.nanoTime();
                        call.detect(image);
                        latencies[i] = System.nanoTime() - t0;
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) {
                f.get();
            }
            return new Round(System.nanoTime() - start, latencies);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof DetectionException de) {
                throw de;
            }
            throw e;
        } finally {
            pool.shutdownNow();
        }
    }

    record Round(long wallNanos, long[] latencies) {
        double rps() {
            return latencies.length / (wallNanos / 1e9);
        }
    }

    /** All rounds of one backend at one concurrency. */
    static final class Scenario {
        private final String backend;
        private final int concurrency;
        private final List<Round> rounds = new ArrayList<>();

        Scenario(String backend, int concurrency) {
            this.backend = backend;
            this.concurrency = concurrency;
        }

        void add(Round r) {
            rounds.add(r);
        }

        /** Median of the rounds' rates. */
        double rps() {
            double[] r = rounds.stream().mapToDouble(Round::rps).sorted().toArray();
            return r.length % 2 == 1 ? r[r.length / 2] : (r[r.length / 2 - 1] + r[r.length / 2]) / 2;
        }

        private long[] all() {
            return rounds.stream().flatMapToLong(r -> Arrays.stream(r.latencies())).sorted().toArray();
        }

        double p50() {
            return percentileMs(all(), 0.50);
        }

        double p99() {
            return percentileMs(all(), 0.99);
        }

        String line() {
            // Single spaces, no padding: every field splits on ' ' then '='.
            return String.format(Locale.ROOT, "serve backend=%s concurrency=%d requests=%d rps=%.1f p50_ms=%.1f p99_ms=%.1f",
                    backend, concurrency, all().length, rps(), p50(), p99());
        }
    }

    static double percentileMs(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }
}
