package dev.halfday.app.serve;

import dev.halfday.app.common.DetectorService;
import dev.halfday.app.common.Settings;
import dev.halfday.engine.client.BackendSpec;
import dev.halfday.engine.client.DetectionClient;
import dev.halfday.engine.client.DetectionClients;
import dev.halfday.engine.client.DetectionException;
import dev.halfday.engine.client.LocalDetectionClient;
import dev.halfday.engine.client.RemoteOptions;
import dev.halfday.engine.detect.DetectOptions;
import dev.halfday.engine.detect.DetectionResult;
import dev.halfday.engine.image.DecodedImage;
import javafx.beans.Observable;
import javafx.beans.property.StringProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Where the app's detections come from — the model in this app, a Halfday server, or TensorFlow Serving — as
 * chosen in the "Detection backend" dialog and remembered (setting {@value #SETTING}, a {@link BackendSpec} line,
 * the same text as the CLI's {@code --backend}). The Detect tab and the bot ask this for a {@link DetectionClient}
 * rather than using the model directly, so switching backends needs no change anywhere else.
 *
 * <p>Two ways to get a client: {@link #current()} lends the Detect tab one for a request at a time (a remote one is
 * kept and reused until the backend changes, then closed by the next call); {@link #open(BackendSpec)} gives a
 * long-lived user (the bot) a client of its own, which it closes.
 *
 * <p>{@link #current()} and {@link #open} may be called from any thread; the spec property lives on the FX thread.
 */
public final class DetectionBackend implements AutoCloseable {

    public static final String SETTING = "detection.backend";

    private static final Logger log = LoggerFactory.getLogger(DetectionBackend.class);

    /** A client and the backend it talks to (for "which backend answered"). */
    public record Chosen(BackendSpec spec, DetectionClient client) {
    }

    private final StringProperty spec;
    /** The spec as last set on the FX thread, for background threads. */
    private volatile String specNow;
    private final DetectorService detectors;
    private final Object lock = new Object();
    private String clientSpec;
    private CompletableFuture<Chosen> cached;

    public DetectionBackend(Settings settings, DetectorService detectors) {
        this.spec = settings.stringSetting(SETTING, new BackendSpec.Local().toString());
        this.detectors = detectors;
        if (!isValid(spec.get())) {
            log.warn("remembered detection backend '{}' is not valid; using local", spec.get());
            spec.set(new BackendSpec.Local().toString());
        }
        specNow = spec.get();
        // An invalidation listener, registered first: bindings over the spec property (invalidation listeners
        // too, which run before change listeners) then already see the new value through spec().
        spec.addListener((Observable obs) -> specNow = spec.get());
    }

    /** The chosen backend as a spec line ("local", "10.0.0.5:50051", "tfs:serving:8500/detector"). */
    public StringProperty specProperty() {
        return spec;
    }

    public BackendSpec spec() {
        return BackendSpec.parse(specNow);
    }

    /**
     * A client for the current backend, lent for one request at a time by one thread (the Detect tab's detection
     * thread): a remote client is kept until the backend changes, and the next call after a change closes it.
     * "local" completes when the app's model is loaded and uses that model (it can be switched: each call gets
     * the current one).
     */
    public CompletableFuture<Chosen> current() {
        String wanted = specNow;
        BackendSpec backend = BackendSpec.parse(wanted);
        if (backend instanceof BackendSpec.Local) {
            return detectors.detector().thenApply(d -> new Chosen(backend, new LocalDetectionClient(d, false)));
        }
        synchronized (lock) {
            if (cached != null && wanted.equals(clientSpec)) {
                return cached;
            }
            closeCached();
            clientSpec = wanted;
            try {
                cached = CompletableFuture.completedFuture(
                        new Chosen(backend, DetectionClients.create(backend, RemoteOptions.fromEnvironment())));
            } catch (DetectionException e) {
                cached = CompletableFuture.failedFuture(e);
            }
            return cached;
        }
    }

    /** {@link #current()}'s client alone. */
    public CompletableFuture<DetectionClient> client() {
        return current().thenApply(Chosen::client);
    }

    /**
     * A client of the caller's own for {@code backend}, to keep as long as it likes and close (the bot: it keeps
     * the backend it started with). "local" follows the app's model, switches included, and never closes it.
     */
    public DetectionClient open(BackendSpec backend) throws DetectionException {
        if (backend instanceof BackendSpec.Local) {
            return new AppModelClient(detectors);
        }
        return DetectionClients.create(backend, RemoteOptions.fromEnvironment());
    }

    static boolean isValid(String spec) {
        try {
            BackendSpec.parse(spec);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void closeCached() {
        CompletableFuture<Chosen> previous = cached;
        if (previous != null) {
            previous.thenAccept(c -> c.client().close());
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closeCached();
            cached = null;
        }
    }

    /** The app's model, whichever is loaded at the time of each call (waiting while the first one loads). */
    private static final class AppModelClient implements DetectionClient {

        private final DetectorService detectors;

        AppModelClient(DetectorService detectors) {
            this.detectors = detectors;
        }

        private LocalDetectionClient model() throws DetectionException {
            try {
                return new LocalDetectionClient(detectors.detector().get(), false);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                throw new DetectionException(DetectionException.Kind.UNAVAILABLE,
                        "the detection model did not load: " + cause.getMessage(), cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DetectionException(DetectionException.Kind.INTERNAL, "interrupted while waiting for the model", e);
            }
        }

        @Override
        public DetectionResult detect(byte[] encodedImage, DetectOptions options) throws DetectionException {
            return model().detect(encodedImage, options);
        }

        @Override
        public DetectionResult detect(byte[] encodedImage, DecodedImage decoded, DetectOptions options)
                throws DetectionException {
            return model().detect(encodedImage, decoded, options);
        }

        @Override
        public String describe() {
            return detectors.ready().map(d -> new LocalDetectionClient(d, false).describe()).orElse("local");
        }

        @Override
        public void close() {
            // the app's model belongs to the app
        }
    }
}
