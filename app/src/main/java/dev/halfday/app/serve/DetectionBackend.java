package dev.halfday.app.serve;

import dev.halfday.app.common.DetectorService;
import dev.halfday.app.common.Settings;
import dev.halfday.engine.client.BackendSpec;
import dev.halfday.engine.client.DetectionClient;
import dev.halfday.engine.client.DetectionClients;
import dev.halfday.engine.client.DetectionException;
import dev.halfday.engine.client.LocalDetectionClient;
import dev.halfday.engine.client.RemoteOptions;
import javafx.beans.property.StringProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;

/**
 * Where the app's detections come from — the model in this app, a Halfday server, or TensorFlow Serving — as
 * chosen in the "Detection backend" dialog and remembered (setting {@value #SETTING}, a {@link BackendSpec} line).
 * The Detect tab and the bot ask this for a {@link DetectionClient} rather than using the model directly, so
 * switching backends needs no change anywhere else.
 *
 * <p>{@link #client()} may be called from any thread; the spec property lives on the FX thread.
 */
public final class DetectionBackend implements AutoCloseable {

    public static final String SETTING = "detection.backend";

    private static final Logger log = LoggerFactory.getLogger(DetectionBackend.class);

    private final StringProperty spec;
    private final DetectorService detectors;
    private final Object lock = new Object();
    private String clientSpec;
    private CompletableFuture<DetectionClient> client;

    public DetectionBackend(Settings settings, DetectorService detectors) {
        this.spec = settings.stringSetting(SETTING, new BackendSpec.Local().toString());
        this.detectors = detectors;
        if (!isValid(spec.get())) {
            log.warn("remembered detection backend '{}' is not valid; using local", spec.get());
            spec.set(new BackendSpec.Local().toString());
        }
    }

    /** The chosen backend as a spec line ("local", "10.0.0.5:50051", "tfs:serving:8500/detector"). */
    public StringProperty specProperty() {
        return spec;
    }

    public BackendSpec spec() {
        return BackendSpec.parse(spec.get());
    }

    /**
     * A client for the current backend. A remote one is kept until the backend changes (then closed); "local"
     * completes when the app's model is loaded and shares that model.
     */
    public CompletableFuture<DetectionClient> client() {
        String wanted = spec.get();
        BackendSpec backend = BackendSpec.parse(wanted);
        if (backend instanceof BackendSpec.Local) {
            // Always the app's current model (it can be switched); the client is a thin wrapper, not cached.
            return detectors.detector().thenApply(d -> new LocalDetectionClient(d, false));
        }
        synchronized (lock) {
            if (client != null && wanted.equals(clientSpec)) {
                return client;
            }
            closeClient();
            clientSpec = wanted;
            try {
                client = CompletableFuture.completedFuture(DetectionClients.create(backend, RemoteOptions.fromEnvironment()));
            } catch (DetectionException e) {
                client = CompletableFuture.failedFuture(e);
            }
            return client;
        }
    }

    static boolean isValid(String spec) {
        try {
            BackendSpec.parse(spec);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void closeClient() {
        CompletableFuture<DetectionClient> previous = client;
        if (previous != null) {
            previous.thenAccept(DetectionClient::close);
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closeClient();
            client = null;
        }
    }
}
