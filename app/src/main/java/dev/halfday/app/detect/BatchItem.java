package dev.halfday.app.detect;

import dev.halfday.engine.client.BackendSpec;
import dev.halfday.engine.detect.DetectionResult;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.image.Image;

/**
 * One image of the Detect tab: where it came from, how far it got, and what was found. Changed only on the FX
 * thread by the {@link DetectViewModel}; views observe the read-only properties.
 */
public final class BatchItem {

    public enum State {
        /** Waiting for its turn (or for the model to load). */
        QUEUED,
        RUNNING,
        DONE,
        /** The image could not be processed; {@link #errorProperty()} says why. */
        FAILED,
        /** The batch was cancelled before this image's turn. */
        CANCELLED
    }

    private final ImageSource source;
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.QUEUED);
    private final ReadOnlyObjectWrapper<Image> thumbnail = new ReadOnlyObjectWrapper<>(this, "thumbnail");
    private final ReadOnlyObjectWrapper<DetectionResult> result = new ReadOnlyObjectWrapper<>(this, "result");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final ReadOnlyStringWrapper errorDetail = new ReadOnlyStringWrapper(this, "errorDetail");
    private BackendSpec backend;
    private double answerMs;

    public BatchItem(ImageSource source) {
        this.source = source;
    }

    public ImageSource source() {
        return source;
    }

    public String name() {
        return source.name();
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public State state() {
        return state.get();
    }

    public ReadOnlyObjectProperty<Image> thumbnailProperty() {
        return thumbnail.getReadOnlyProperty();
    }

    /** All detections above the model floor; the view filters by threshold and class. Null until done. */
    public ReadOnlyObjectProperty<DetectionResult> resultProperty() {
        return result.getReadOnlyProperty();
    }

    public DetectionResult result() {
        return result.get();
    }

    /** A message id (a key of the detect bundle) saying what went wrong, null unless FAILED. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The engine's own words about the failure (English), for the tooltip and the log. */
    public ReadOnlyStringProperty errorDetailProperty() {
        return errorDetail.getReadOnlyProperty();
    }

    /** The detection backend that answered (or failed); null until then, or if the image never got that far. */
    public BackendSpec backend() {
        return backend;
    }

    /** How long the backend took to answer, as this app measured it (for a remote one: the round trip). */
    public double answerMs() {
        return answerMs;
    }

    void running() {
        state.set(State.RUNNING);
    }

    void done(DetectionResult detections, Image thumb, BackendSpec answeredBy, double ms) {
        backend = answeredBy;
        answerMs = ms;
        thumbnail.set(thumb);
        result.set(detections);
        state.set(State.DONE);
    }

    void failed(String errorKey, String detail, Image thumb, BackendSpec triedBackend) {
        backend = triedBackend;
        thumbnail.set(thumb);
        error.set(errorKey);
        errorDetail.set(detail);
        state.set(State.FAILED);
    }

    void cancelled() {
        state.set(State.CANCELLED);
    }

    boolean isFinished() {
        State s = state.get();
        return s == State.DONE || s == State.FAILED || s == State.CANCELLED;
    }

    @Override
    public String toString() {
        return name() + " [" + state.get() + "]";
    }
}
