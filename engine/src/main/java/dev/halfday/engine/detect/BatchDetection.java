package dev.halfday.engine.detect;

import dev.halfday.engine.image.DecodedImage;
import dev.halfday.engine.image.ImageDecoder;
import dev.halfday.engine.image.ImageRejectedException;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs a detector over many files with decoding and inference overlapped: decoder threads read and decode the
 * next files while the model works on the current ones, so on a small machine the cores are busy with both.
 * Results are handed over in input order; a bad file becomes an {@link Item} with an error and the batch goes on.
 * At most {@code decodeThreads + inferenceThreads + 2} decoded images are held at once.
 */
public final class BatchDetection {

    /**
     * One file's outcome: a result (with the decoded image, for annotation) or an error in plain words.
     *
     * @param image  the decoded image, or null when the file failed
     * @param result what was found, or null when the file failed
     * @param error  why the file failed, or null
     */
    public record Item(Path file, DecodedImage image, DetectionResult result, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    private final CompletableFuture<? extends Detector> detector;
    private final ImageDecoder decoder;
    private final int decodeThreads;
    private final int inferenceThreads;

    /**
     * @param decodeThreads    threads reading and decoding files
     * @param inferenceThreads model calls in flight at once (TensorFlow's own op threads come on top)
     */
    public BatchDetection(Detector detector, ImageDecoder decoder, int decodeThreads, int inferenceThreads) {
        this(CompletableFuture.completedFuture(detector), decoder, decodeThreads, inferenceThreads);
    }

    private BatchDetection(CompletableFuture<? extends Detector> detector, ImageDecoder decoder, int decodeThreads,
                           int inferenceThreads) {
        if (decodeThreads < 1 || inferenceThreads < 1) {
            throw new IllegalArgumentException("need at least one decode and one inference thread");
        }
        this.detector = detector;
        this.decoder = decoder;
        this.decodeThreads = decodeThreads;
        this.inferenceThreads = inferenceThreads;
    }

    /** Threads for this machine: {@link #defaultDecodeThreads()} and {@link #defaultInferenceThreads()}. */
    public static BatchDetection forThisMachine(Detector detector) {
        return new BatchDetection(detector, ImageDecoder.standard(), defaultDecodeThreads(), defaultInferenceThreads());
    }

    /**
     * A batch that starts decoding while the model is still loading (loading TensorFlow takes seconds, decoding
     * the first files need not wait). If loading fails, every file that reaches the model gets an error.
     */
    public static BatchDetection whileLoading(CompletableFuture<? extends Detector> detector, ImageDecoder decoder,
                                              int decodeThreads, int inferenceThreads) {
        return new BatchDetection(detector, decoder, decodeThreads, inferenceThreads);
    }

    /** One decoder per core: a second decoder on 2 cores was faster than one ({@code bench detect --decoders}). */
    public static int defaultDecodeThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Model calls in flight at once in a folder batch: two, or one on a single core. Measured with
     * {@code bench detect --inference N} on 2 cores with oneDNN on, 100 photos: 15.3 images/s with two calls in
     * flight against 12.2 with one — a second call fills the gaps in the first one's op schedule.
     */
    public static int defaultInferenceThreads() {
        return Math.min(2, Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    /** Processes every file, calling {@code sink} once per file in input order, on the calling thread. */
    public void run(List<Path> files, DetectOptions options, Consumer<Item> sink) throws InterruptedException {
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService decodePool = Executors.newFixedThreadPool(decodeThreads,
                r -> daemon(r, "halfday-decode-" + threadNumber.incrementAndGet()));
        ExecutorService inferencePool = Executors.newFixedThreadPool(inferenceThreads,
                r -> daemon(r, "halfday-infer-" + threadNumber.incrementAndGet()));
        int window = decodeThreads + inferenceThreads + 2;
        try {
            List<CompletableFuture<Item>> pending = new ArrayList<>(files.size());
            int started = 0;
            for (int done = 0; done < files.size(); done++) {
                // Keep up to `window` files in flight; hand them over strictly in input order.
                while (started < files.size() && started - done < window) {
                    Path file = files.get(started++);
                    pending.add(CompletableFuture
                            .supplyAsync(() -> decode(file), decodePool)
                            .thenApplyAsync(d -> d.ok() ? detect(d, options) : d, inferencePool));
                }
                Item item = join(pending.get(done), files.get(done));
                pending.set(done, null);
                sink.accept(item);
            }
        } finally {
            decodePool.shutdownNow();
            inferencePool.shutdownNow();
        }
    }

    private Item decode(Path file) {
        try {
            return new Item(file, decoder.decode(file), null, null);
        } catch (ImageRejectedException e) {
            return new Item(file, null, null, e.getMessage());
        } catch (NoSuchFileException e) {
            return new Item(file, null, null, "no such file");
        } catch (IOException e) {
            return new Item(file, null, null, "cannot read the file: " + e.getMessage());
        }
    }

    private Item detect(Item decoded, DetectOptions options) {
        Detector model;
        try {
            model = detector.join();
        } catch (CompletionException | CancellationException e) {
            return new Item(decoded.file(), null, null, "the model could not be loaded: "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
        }
        try {
            return new Item(decoded.file(), decoded.image(), model.detect(decoded.image(), options), null);
        } catch (RuntimeException e) {
            return new Item(decoded.file(), null, null, "detection failed: " + e.getMessage());
        }
    }

    private static Item join(CompletableFuture<Item> future, Path file) throws InterruptedException {
        try {
            return future.join();
        } catch (CompletionException | CancellationException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException();
            }
            return new Item(file, null, null, "failed: " + e.getCause());
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
