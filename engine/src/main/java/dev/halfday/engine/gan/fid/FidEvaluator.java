package dev.halfday.engine.gan.fid;

import dev.halfday.engine.gan.GanConfig;
import dev.halfday.engine.gan.data.FashionMnist;
import dev.halfday.engine.gan.data.ImageDataset;
import dev.halfday.engine.gan.model.GeneratorGraph;
import dev.halfday.engine.gan.model.GeneratorWeights;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.proto.ConfigProto;

/**
 * Measures FID on a thread of its own: {@value #GENERATED} images from a generator snapshot against the
 * {@value #REFERENCE} bundled Fashion-MNIST test images, in the feature space of the shipped classifier.
 * Its TF sessions use one thread each, so a measurement takes one core for a few seconds while training keeps
 * the other. Requests that arrive while one is waiting are coalesced: the waiting one is reported as skipped
 * (NaN) and the newer one measured.
 */
public final class FidEvaluator implements AutoCloseable {

    public static final int GENERATED = GanConfig.MIN_FID_SAMPLES;
    public static final int REFERENCE = 2000;
    private static final long NOISE_SEED = 20_171_130L;
    private static final Logger log = LoggerFactory.getLogger(FidEvaluator.class);

    /** One measurement; {@code fid} is NaN when it was skipped or failed. */
    public record Measurement(long step, double fid, long millis) {
    }

    /** Loads the classifier (on the FID thread, when first needed). */
    @FunctionalInterface
    public interface ClassifierSource {
        FashionClassifier load() throws IOException;
    }

    private final ClassifierSource classifierSource;
    private final ExecutorService worker;
    private FashionClassifier classifier;
    private FeatureStatistics reference;
    private FrechetDistance frechet;
    private GeneratorGraph generator;
    private GanConfig generatorConfig;
    private Pending waiting;
    private boolean draining;

    private record Pending(GeneratorWeights weights, Consumer<Measurement> done) {
    }

    public FidEvaluator(ClassifierSource classifierSource) {
        this.classifierSource = classifierSource;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "gan-fid");
            t.setDaemon(true);
            return t;
        });
    }

    /** With the classifier shipped in {@code models/fashion-classifier/}. */
    public static FidEvaluator withBundledClassifier() {
        return new FidEvaluator(FashionClassifier::loadBundled);
    }

    /**
     * Queues a measurement; {@code done} is called on the FID thread with the result (NaN if skipped because a
     * newer request replaced it, or if it failed).
     */
    public void submit(GeneratorWeights weights, Consumer<Measurement> done) {
        Pending skipped;
        synchronized (this) {
            skipped = waiting;
            waiting = new Pending(weights, done);
            if (!draining) {
                draining = true;
                worker.execute(this::drain);
            }
        }
        if (skipped != null) {
            skipped.done().accept(new Measurement(skipped.weights().step(), Double.NaN, 0));
        }
    }

    /** Waits until every submitted measurement is done; true if that happened within the timeout. */
    public boolean awaitIdle(long timeout, TimeUnit unit) throws InterruptedException {
        try {
            Future<?> marker = worker.submit(() -> { });
            marker.get(timeout, unit);
            synchronized (this) {
                return waiting == null && !draining;
            }
        } catch (ExecutionException e) {
            return false;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    /** FID of a generator snapshot, measured now (blocks the caller). */
    public double measure(GeneratorWeights weights) {
        return call(() -> compute(weights));
    }

    /**
     * FID between {@value #REFERENCE} real training images (the first of the bundled subset) and the
     * reference test images: the lowest value a perfect generator could expect at this sample size.
     */
    public double realVsReal() {
        return call(() -> {
            ImageDataset train = FashionMnist.bundled(FashionMnist.Split.TRAIN);
            return frechet().between(statistics(pixels(train, REFERENCE), REFERENCE), reference());
        });
    }

    /** FID of arbitrary 28×28 images (floats in [-1, 1]) against the reference set. */
    public double ofImages(float[] images, int count) {
        return call(() -> frechet().between(statistics(images, count), reference()));
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (generator != null) {
                generator.close();
            }
            if (classifier != null) {
                classifier.close();
            }
            if (frechet != null) {
                frechet.close();
            }
        }
    }

    private void drain() {
        while (true) {
            Pending next;
            synchronized (this) {
                next = waiting;
                waiting = null;
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            long started = System.nanoTime();
            double fid;
            try {
                fid = compute(next.weights());
            } catch (Exception | LinkageError e) {
                log.warn("FID measurement at step {} failed: {}", next.weights().step(), e.toString(), e);
                fid = Double.NaN;
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            try {
                next.done().accept(new Measurement(next.weights().step(), fid, millis));
            } catch (RuntimeException e) {
                log.warn("an FID callback failed: {}", e.toString(), e);
            }
        }
    }

    private double compute(GeneratorWeights weights) throws IOException {
        GanConfig config = weights.config();
        if (generator == null || !config.equals(generatorConfig)) {
            if (generator != null) {
                generator.close();
            }
            generator = GeneratorGraph.create(config, oneThread());
            generatorConfig = config;
        }
        generator.load(weights);
        float[] noise = new float[GENERATED * config.latentDim()];
        Random random = new Random(NOISE_SEED);
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) random.nextGaussian();
        }
        int chunk = 250;
        int perImage = config.architecture().pixelsPerImage();
        float[] images = new float[GENERATED * perImage];
        for (int start = 0; start < GENERATED; start += chunk) {
            float[] part = java.util.Arrays.copyOfRange(noise, start * config.latentDim(),
                    (start + chunk) * config.latentDim());
            System.arraycopy(generator.generate(part, chunk), 0, images, start * perImage, chunk * perImage);
        }
        return frechet().between(statistics(images, GENERATED), reference());
    }

    private FeatureStatistics statistics(float[] images, int count) throws IOException {
        return FeatureStatistics.of(classifier().features(images, count), count, ClassifierNetwork.FEATURES);
    }

    private FeatureStatistics reference() throws IOException {
        if (reference == null) {
            ImageDataset test = FashionMnist.bundled(FashionMnist.Split.TEST);
            reference = statistics(pixels(test, REFERENCE), REFERENCE);
        }
        return reference;
    }

    private FashionClassifier classifier() throws IOException {
        if (classifier == null) {
            classifier = classifierSource.load();
        }
        return classifier;
    }

    private FrechetDistance frechet() {
        if (frechet == null) {
            frechet = new FrechetDistance();
        }
        return frechet;
    }

    private static float[] pixels(ImageDataset dataset, int count) {
        if (dataset.size() < count) {
            throw new IllegalStateException("the reference set has " + dataset.size() + " images, FID needs " + count);
        }
        int per = dataset.pixelsPerImage();
        byte[] bytes = new byte[count * per];
        for (int i = 0; i < count; i++) {
            dataset.copyPixels(i, bytes, i * per);
        }
        return FashionClassifier.toUnitRange(bytes, 0, bytes.length);
    }

    private static ConfigProto oneThread() {
        return ConfigProto.newBuilder().setIntraOpParallelismThreads(1).setInterOpParallelismThreads(1).build();
    }

    private <T> T call(Callable<T> task) {
        try {
            return worker.submit(task).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring FID", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
