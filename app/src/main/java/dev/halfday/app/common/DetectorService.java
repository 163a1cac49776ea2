package dev.halfday.app.common;

import dev.halfday.engine.detect.DetectOptions;
import dev.halfday.engine.detect.Detector;
import dev.halfday.engine.detect.ModelInfo;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.image.BufferedImage;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The app's one loaded detection model, shared by every page (Detect, and later the bot and the detection
 * service). Loading happens in the background; the properties tell the UI whether it is loading, ready or failed,
 * and {@link #detector()} hands background tasks a future to wait on.
 *
 * <p>Properties change on the FX thread; {@link #detector()} may be called from any thread.
 */
public final class DetectorService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DetectorService.class);

    public enum State {
        LOADING,
        READY,
        FAILED
    }

    /** Loads a model; runs on a background thread. */
    @FunctionalInterface
    public interface Loader {
        Detector load() throws Exception;
    }

    private final Executor loadExecutor;
    private final Executor closeExecutor;
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.LOADING);
    private final ReadOnlyObjectWrapper<ModelInfo> model = new ReadOnlyObjectWrapper<>(this, "model");
    private final ReadOnlyStringWrapper failure = new ReadOnlyStringWrapper(this, "failure", "");

    private volatile CompletableFuture<Detector> current = new CompletableFuture<>();
    private volatile boolean owned;

    /**
     * @param loadExecutor  where models load
     * @param closeExecutor where a replaced model is closed: the detection thread, so the image being processed
     *                      when the user switches models finishes on the old one first
     */
    public DetectorService(Executor loadExecutor, Executor closeExecutor) {
        this.loadExecutor = loadExecutor;
        this.closeExecutor = closeExecutor;
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** The loaded model, null while loading or after a failure. */
    public ReadOnlyObjectProperty<ModelInfo> modelProperty() {
        return model.getReadOnlyProperty();
    }

    /** Why loading failed, in plain words; empty otherwise. */
    public ReadOnlyStringProperty failureProperty() {
        return failure.getReadOnlyProperty();
    }

    /** Completes when the current model is loaded (or fails with the reason). Never blocks by itself. */
    public CompletableFuture<Detector> detector() {
        return current;
    }

    /** The model if it is ready now. */
    public Optional<Detector> ready() {
        CompletableFuture<Detector> f = current;
        return f.isDone() && !f.isCompletedExceptionally() ? Optional.of(f.join()) : Optional.empty();
    }

    /**
     * Loads a model in the background. When it is ready it replaces the current one (closed once the image being
     * processed is done). If it fails and a model was already loaded, that model stays in use (the returned future
     * fails with the reason, for the caller to report); with no model loaded the state becomes FAILED.
     */
    public CompletableFuture<Detector> load(Loader loader) {
        CompletableFuture<Detector> previous = current;
        boolean hadModel = previous.isDone() && !previous.isCompletedExceptionally();
        boolean previousOwned = owned;
        CompletableFuture<Detector> attempt = new CompletableFuture<>();
        if (!hadModel) {
            current = attempt; // detection waits for this one
        }
        onFx(() -> {
            state.set(State.LOADING);
            failure.set("");
        });
        loadExecutor.execute(() -> {
            long start = System.nanoTime();
            try {
                Detector detector = loader.load();
                log.info("model {} loaded in {} ms", detector.model().name(), (System.nanoTime() - start) / 1_000_000);
                warmUp(detector);
                current = attempt;
                publishReady(detector, true, attempt);
                if (hadModel) {
                    closeLater(previous, previousOwned);
                }
            } catch (Exception | LinkageError e) {
                log.warn("model failed to load", e);
                String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                attempt.completeExceptionally(e);
                onFx(() -> {
                    if (hadModel && current == previous) {
                        state.set(State.READY); // the previous model is still in use
                    } else if (current == attempt) {
                        model.set(null);
                        failure.set(reason);
                        state.set(State.FAILED);
                    }
                });
            }
        });
        return attempt;
    }

    /** Uses a model that someone else owns and closes (tests share one model across windows). */
    public void use(Detector detector) {
        CompletableFuture<Detector> previous = current;
        boolean previousOwned = owned;
        CompletableFuture<Detector> next = new CompletableFuture<>();
        current = next;
        publishReady(detector, false, next);
        closeLater(previous, previousOwned);
    }

    /**
     * Runs the model once on a blank image before anyone waits on it: TensorFlow's first run allocates and
     * optimises (seconds), which would otherwise land on the user's first photo.
     */
    private static void warmUp(Detector detector) {
        long start = System.nanoTime();
        try {
            detector.detect(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), DetectOptions.defaults());
            log.info("model warmed up in {} ms", (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException e) {
            log.warn("warm-up run failed; the first image will tell", e);
        }
    }

    private void publishReady(Detector detector, boolean own, CompletableFuture<Detector> future) {
        owned = own;
        future.complete(detector);
        onFx(() -> {
            if (current == future) {
                model.set(detector.model());
                failure.set("");
                state.set(State.READY);
            }
        });
    }

    private void closeLater(CompletableFuture<Detector> previous, boolean previousOwned) {
        if (previousOwned && previous.isDone() && !previous.isCompletedExceptionally()) {
            closeExecutor.execute(() -> previous.join().close());
        }
    }

    @Override
    public void close() {
        CompletableFuture<Detector> f = current;
        if (owned && f.isDone() && !f.isCompletedExceptionally()) {
            try {
                f.join().close();
            } catch (RuntimeException e) {
                log.warn("closing the model failed", e);
            }
        }
    }

    private static void onFx(Runnable r) {
        if (Platform.isFxApplicationThread()) {
            r.run();
        } else {
            Platform.runLater(r);
        }
    }
}
