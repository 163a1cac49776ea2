package dev.halfday.app.serve;

import dev.halfday.app.common.DetectorService;
import dev.halfday.engine.detect.Detector;
import dev.halfday.engine.serve.DetectionServer;
import dev.halfday.engine.serve.ServeOptions;
import dev.halfday.engine.serve.ServeStats;
import dev.halfday.engine.serve.ServedModels;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.InvalidationListener;
import javafx.util.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.IntSupplier;

/**
 * Runs the detection service ({@link DetectionServer}) on this computer from the app, on loopback, over the
 * app's own loaded model. Starting and stopping happen on a background thread; the properties change on the FX
 * thread, and the counters are refreshed once a second while serving. When the app switches models, the
 * service restarts on the new one.
 */
public final class LocalServeController implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalServeController.class);
    /** The app stops quickly: a request still running after this is cancelled. */
    private static final java.time.Duration SHUTDOWN_GRACE = java.time.Duration.ofSeconds(5);

    public enum State {
        OFF,
        STARTING,
        ON,
        STOPPING
    }

    private final DetectorService detectors;
    private final Executor background;
    private final IntSupplier port;
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.OFF);
    private final ReadOnlyStringWrapper address = new ReadOnlyStringWrapper(this, "address", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyObjectWrapper<ServeStats> stats = new ReadOnlyObjectWrapper<>(this, "stats");
    private final Timeline poll;
    // An invalidation listener, not a change listener: two loads of the same model have equal ModelInfo
    // records, and a change listener would not fire; reading the value re-arms it for the next switch.
    private final InvalidationListener modelChanged;
    /** Guards {@link #server} and {@link #closed}: a server started after close() must not be kept. */
    private final Object lock = new Object();
    private DetectionServer server;
    private boolean closed;
    private volatile Detector served;

    /**
     * @param background where the server starts and stops (never the FX thread)
     * @param port       the port to listen on, read at each start (0: any free port)
     */
    public LocalServeController(DetectorService detectors, Executor background, IntSupplier port) {
        this.detectors = detectors;
        this.background = background;
        this.port = port;
        this.poll = new Timeline(new KeyFrame(Duration.seconds(1), e -> refresh()));
        poll.setCycleCount(Timeline.INDEFINITE);
        this.modelChanged = obs -> {
            detectors.modelProperty().get();
            restartOnNewModel();
        };
        detectors.modelProperty().addListener(modelChanged);
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** "127.0.0.1:50051" while serving, empty otherwise. */
    public ReadOnlyStringProperty addressProperty() {
        return address.getReadOnlyProperty();
    }

    /** Why the last start failed, in plain words; empty once serving or stopped by the user. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The server's counters, refreshed once a second while serving; null when off. */
    public ReadOnlyObjectProperty<ServeStats> statsProperty() {
        return stats.getReadOnlyProperty();
    }

    /** Starts serving once the model is loaded. Call on the FX thread; ignored unless off. */
    public void start() {
        if (state.get() != State.OFF) {
            return;
        }
        state.set(State.STARTING);
        error.set("");
        int chosenPort = port.getAsInt();
        detectors.detector().thenApplyAsync(detector -> {
                    if (isClosed()) {
                        return null; // the window closed while the model was loading
                    }
                    served = detector;
                    DetectionServer started = startServer(detector, chosenPort);
                    if (!adopt(started)) {
                        started.shutdown(); // the window closed while the server was starting
                        return null;
                    }
                    return started;
                }, background)
                .whenComplete((started, failure) -> Platform.runLater(() -> {
                    if (isClosed()) {
                        return;
                    }
                    if (failure != null) {
                        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause() : failure;
                        log.warn("could not start the detection service", cause);
                        error.set(cause.getMessage() == null ? cause.toString() : cause.getMessage());
                        state.set(State.OFF);
                        return;
                    }
                    address.set(started.target());
                    state.set(State.ON);
                    refresh();
                    poll.play();
                }));
    }

    private static DetectionServer startServer(Detector detector, int port) {
        try {
            return DetectionServer.start(ServedModels.of(detector),
                    ServeOptions.defaults().withPort(port).withShutdownGrace(SHUTDOWN_GRACE));
        } catch (java.io.IOException e) {
            throw new CompletionException(e);
        }
    }

    /** Keeps a server that has just started, unless the controller was closed meanwhile. */
    private boolean adopt(DetectionServer started) {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            server = started;
            return true;
        }
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    private DetectionServer currentServer() {
        synchronized (lock) {
            return server;
        }
    }

    /** Stops serving after finishing the requests already received. Call on the FX thread; ignored unless on. */
    public void stop() {
        stopThen(() -> { });
    }

    /** Restarts on the app's new model when it differs from the one being served. */
    private void restartOnNewModel() {
        detectors.ready().filter(d -> d != served).ifPresent(d -> stopThen(this::start));
    }

    /** Shuts the server down in the background, then (on the FX thread) marks it off and runs {@code after}. */
    private void stopThen(Runnable after) {
        DetectionServer running = currentServer();
        if (state.get() != State.ON || running == null) {
            return;
        }
        state.set(State.STOPPING);
        poll.stop();
        background.execute(() -> {
            running.shutdown();
            synchronized (lock) {
                if (server == running) {
                    server = null;
                }
            }
            Platform.runLater(() -> {
                address.set("");
                stats.set(null);
                state.set(State.OFF);
                after.run();
            });
        });
    }

    private void refresh() {
        DetectionServer running = currentServer();
        if (running != null) {
            stats.set(running.stats());
        }
    }

    /**
     * Stops at once, on the calling thread (the window is closing). A start still under way (model loading or
     * server starting) ends with no server: it sees the controller closed and shuts its server down itself.
     */
    @Override
    public void close() {
        poll.stop();
        detectors.modelProperty().removeListener(modelChanged);
        DetectionServer running;
        synchronized (lock) {
            closed = true;
            running = server;
            server = null;
        }
        if (running != null) {
            running.shutdown();
        }
    }
}
