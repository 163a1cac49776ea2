package dev.halfday.app.detect;

import dev.halfday.app.common.AppContext;
import dev.halfday.app.common.AppEvents;
import dev.halfday.app.serve.DetectionBackend;
import dev.halfday.engine.client.BackendSpec;
import dev.halfday.engine.client.DetectionException;
import dev.halfday.engine.detect.Annotator;
import dev.halfday.engine.detect.Detection;
import dev.halfday.engine.detect.DetectionResult;
import dev.halfday.engine.i18n.Language;
import dev.halfday.engine.image.ImageDecoder;
import dev.halfday.engine.image.ImageFiles;
import dev.halfday.engine.util.AtomicFiles;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.DoubleBinding;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;
import javafx.collections.SetChangeListener;
import javafx.scene.image.Image;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Detect tab's state and behaviour, without any controls (MVVM): the images of the current batch, the
 * selected one, the detections to show after the confidence and class filters, and the batch's progress.
 *
 * <p>Every method and property is for the FX thread. Images are decoded and detected one at a time on the
 * detection thread, by the backend chosen app-wide (this app's model, a Halfday server or TensorFlow Serving);
 * results come back here. The model runs once per image at {@link ImageProcessor#MODEL_FLOOR};
 * the threshold and class filter only filter, so they react instantly.
 */
public final class DetectViewModel {

    private static final Logger log = LoggerFactory.getLogger(DetectViewModel.class);
    /** The error key of a backend that cannot be reached (after the client's retries). */
    private static final String UNREACHABLE = "error.backendUnreachable";
    /** Full-size images kept for the viewer; the rest are decoded again when selected. */
    private static final int DISPLAY_CACHE = 4;

    private final AppContext ctx;
    private final ImageProcessor processor = new ImageProcessor(ImageDecoder.standard());

    private final ObservableList<BatchItem> items = FXCollections.observableArrayList();
    private final ObservableList<BatchItem> itemsView = FXCollections.unmodifiableObservableList(items);
    private final ObjectProperty<BatchItem> selected = new SimpleObjectProperty<>(this, "selected");
    private final DoubleProperty threshold;
    private final ObservableList<Integer> classesFound = FXCollections.observableArrayList();
    private final ObservableSet<Integer> hiddenClasses = FXCollections.observableSet();
    private final ObservableList<Detection> visible = FXCollections.observableArrayList();
    private final ObservableList<Detection> visibleView = FXCollections.unmodifiableObservableList(visible);
    private final ObjectProperty<Detection> highlighted = new SimpleObjectProperty<>(this, "highlighted");
    private final ReadOnlyObjectWrapper<Image> image = new ReadOnlyObjectWrapper<>(this, "image");

    private final ReadOnlyIntegerWrapper batchTotal = new ReadOnlyIntegerWrapper(this, "batchTotal");
    private final ReadOnlyIntegerWrapper batchFinished = new ReadOnlyIntegerWrapper(this, "batchFinished");
    private final ReadOnlyIntegerWrapper batchFailed = new ReadOnlyIntegerWrapper(this, "batchFailed");
    private final ReadOnlyIntegerWrapper batchSkipped = new ReadOnlyIntegerWrapper(this, "batchSkipped");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final DoubleBinding progress;

    /** Bumped by cancel: queued work from an older generation is skipped. */
    private final AtomicLong generation = new AtomicLong();
    /** The item whose full-size image the detection thread should hand over (the selected one). */
    private final AtomicReference<BatchItem> displayWanted = new AtomicReference<>();
    private final Map<BatchItem, Image> displayCache = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<BatchItem, Image> eldest) {
            return size() > DISPLAY_CACHE;
        }
    };
    /**
     * A detection of each class seen in this batch, to name the class: results may come from different backends
     * (the app's model, a server's), so names come from the detections rather than from the local model's labels.
     */
    private final Map<Integer, Detection> classExamples = new HashMap<>();
    /**
     * The best score of each class over the batch, kept up to date as results arrive: the class list then costs
     * O(classes) per change, not a pass over every detection of every image on the FX thread.
     */
    private final Map<Integer, Float> bestScore = new HashMap<>();
    /** The items of this batch, for an O(1) "still here?" when a result arrives. */
    private final Set<BatchItem> live = Collections.newSetFromMap(new IdentityHashMap<>());
    /**
     * The first "backend unreachable" of a batch: the rest of that batch, on the same backend, fails at once with
     * the same error instead of each image waiting out the client's retries again. Set and read on the detection
     * thread.
     */
    private record BackendDown(long batch, BackendSpec spec, ImageProcessor.Failed failure) {
    }

    private volatile BackendDown backendDown;
    /** Numbers batches (FX thread): a drop while nothing runs starts a new one. */
    private long batch;
    private long displayRequest;
    private int pasted;

    public DetectViewModel(AppContext ctx) {
        this.ctx = ctx;
        this.threshold = ctx.settings().doubleSetting("detect.threshold", 0.3, ImageProcessor.MODEL_FLOOR, 1.0);
        this.progress = Bindings.createDoubleBinding(() -> batchTotal.get() == 0 ? 0.0
                : (double) batchFinished.get() / batchTotal.get(), batchTotal, batchFinished);
        selected.addListener((obs, old, now) -> onSelected(now));
        threshold.addListener((obs, old, now) -> refilter());
        hiddenClasses.addListener((SetChangeListener<Integer>) change -> refilter());
    }

    // ---- what the view observes ----

    public ObservableList<BatchItem> items() {
        return itemsView;
    }

    public ObjectProperty<BatchItem> selectedProperty() {
        return selected;
    }

    /** Minimum confidence shown, between the model floor and 1; remembered. */
    public DoubleProperty thresholdProperty() {
        return threshold;
    }

    /** Classes found in the batch at the current threshold (and any the user hid), by class index. */
    public ObservableList<Integer> classesFound() {
        return classesFound;
    }

    /** A detection of that class from this batch, to name it; empty for a class not seen. */
    public Optional<Detection> classExample(int classIndex) {
        return Optional.ofNullable(classExamples.get(classIndex));
    }

    /** Class indices the user chose not to see. */
    public ObservableSet<Integer> hiddenClasses() {
        return hiddenClasses;
    }

    /** The selected image's detections that pass the threshold and class filter, best first. */
    public ObservableList<Detection> visibleDetections() {
        return visibleView;
    }

    /** The detection under the mouse, in the list or on the image. */
    public ObjectProperty<Detection> highlightedProperty() {
        return highlighted;
    }

    /** The selected image at full size; null while it is decoded or when nothing is selected. */
    public ReadOnlyObjectProperty<Image> imageProperty() {
        return image.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty batchTotalProperty() {
        return batchTotal.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty batchFinishedProperty() {
        return batchFinished.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty batchFailedProperty() {
        return batchFailed.getReadOnlyProperty();
    }

    /** Images of the batch skipped because it was cancelled. */
    public ReadOnlyIntegerProperty batchSkippedProperty() {
        return batchSkipped.getReadOnlyProperty();
    }

    /** Finished images / images in the current batch, 0..1. */
    public DoubleBinding progress() {
        return progress;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** How many detections of an image pass the current filters (for thumbnail badges). */
    public int visibleCount(BatchItem item) {
        DetectionResult r = item.result();
        return r == null ? 0 : (int) r.detections().stream().filter(this::passes).count();
    }

    // ---- what the user does ----

    /** Opens files and folders (folders recursively, images only); the scan runs in the background. */
    public void open(List<Path> paths) {
        if (paths.isEmpty()) {
            return;
        }
        CompletableFuture.supplyAsync(() -> ImageFiles.expand(paths), ctx.background().files())
                .whenComplete((found, error) -> Platform.runLater(() -> {
                    if (error != null) {
                        log.warn("cannot list {}", paths, error);
                        notify(AppEvents.Severity.ERROR, ctx.i18n().get("detect.error.scan",
                                String.valueOf(error.getCause() == null ? error : error.getCause().getMessage())));
                        return;
                    }
                    // A folder that cannot be read is said once; whatever could be read is still opened.
                    if (!found.unreadable().isEmpty()) {
                        ImageFiles.Unreadable first = found.unreadable().get(0);
                        log.warn("cannot search {}: {} ({} unreadable)", first.path(), first.reason(), found.unreadable().size());
                        notify(AppEvents.Severity.ERROR, ctx.i18n().get("detect.error.scan",
                                first.path() + " (" + first.reason() + ")"));
                    } else if (found.files().isEmpty()) {
                        notify(AppEvents.Severity.INFO, ctx.i18n().get("detect.noImagesFound"));
                    }
                    if (!found.files().isEmpty()) {
                        add(found.files().stream().<ImageSource>map(ImageSource.File::new).toList());
                    }
                }));
    }

    public void open(ImageSource source) {
        add(List.of(source));
    }

    /** A pasted picture: named pasted-1.png, pasted-2.png, ... */
    public void openPasted(java.awt.image.BufferedImage pixels) {
        add(List.of(new ImageSource.Pixels("pasted-" + (++pasted) + ".png", pixels)));
    }

    /** Skips every image not started yet; the one being processed finishes. */
    public void cancel() {
        generation.incrementAndGet();
    }

    /** Forgets every image. */
    public void clear() {
        cancel();
        selected.set(null);
        items.clear();
        live.clear();
        displayCache.clear();
        hiddenClasses.clear();
        classExamples.clear();
        bestScore.clear();
        classesFound.clear();
        batchTotal.set(0);
        batchFinished.set(0);
        batchFailed.set(0);
        batchSkipped.set(0);
        running.set(false);
    }

    /** Whether the selected image can be saved with its boxes. */
    public boolean canSave() {
        BatchItem item = selected.get();
        return item != null && item.state() == BatchItem.State.DONE;
    }

    /** "astronaut-annotated.png" for the selected image. */
    public String suggestedSaveName() {
        BatchItem item = selected.get();
        String name = item == null ? "image" : item.name();
        int dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name) + "-annotated.png";
    }

    /**
     * Saves the selected image with the boxes now shown (threshold and class filter applied), labels in the
     * current language, as PNG, atomically. Completes on a background thread.
     */
    public CompletableFuture<Path> saveAnnotated(Path target) {
        BatchItem item = selected.get();
        if (!canSave()) {
            return CompletableFuture.failedFuture(new IllegalStateException("no finished image is selected"));
        }
        List<Detection> detections = List.copyOf(visible);
        Language language = ctx.i18n().language();
        return CompletableFuture.supplyAsync(() -> {
            try {
                var decoded = item.source().decode(ImageDecoder.standard());
                byte[] png = new Annotator().annotatePng(decoded.image(), detections, language);
                AtomicFiles.write(target, png);
                return target;
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, ctx.background().work());
    }

    // ---- processing ----

    private void add(List<ImageSource> sources) {
        if (!running.get()) {
            batchTotal.set(0);
            batchFinished.set(0);
            batchFailed.set(0);
            batchSkipped.set(0);
            batch++;
        }
        long gen = generation.get();
        long batchNow = batch;
        List<BatchItem> added = new ArrayList<>();
        for (ImageSource source : sources) {
            BatchItem item = new BatchItem(source);
            added.add(item);
        }
        items.addAll(added);
        live.addAll(added);
        batchTotal.set(batchTotal.get() + added.size());
        running.set(true);
        selected.set(added.get(0));
        for (BatchItem item : added) {
            ctx.background().detection().execute(() -> process(item, gen, batchNow));
        }
    }

    /**
     * On the detection thread. Asks the backend chosen in Tools → Detection backend at the time of this image.
     * A remote backend may be this app's own service (the "Serve detection" switch): that runs on the server's
     * own threads, so waiting for it here cannot deadlock.
     */
    private void process(BatchItem item, long gen, long batchNow) {
        if (gen != generation.get()) {
            Platform.runLater(() -> finish(item, null));
            return;
        }
        Platform.runLater(item::running);
        ImageProcessor.Outcome outcome;
        try {
            DetectionBackend.Chosen backend = ctx.detectionBackend().current().get();
            BackendDown down = backendDown;
            if (down != null && down.batch() == batchNow && down.spec().equals(backend.spec())) {
                outcome = processor.failFast(item.source(), down.failure());
            } else {
                outcome = processor.process(item.source(), backend, displayWanted.get() == item);
                if (outcome instanceof ImageProcessor.Failed f && UNREACHABLE.equals(f.errorKey())) {
                    backendDown = new BackendDown(batchNow, backend.spec(), f);
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            BackendSpec spec = ctx.detectionBackend().spec();
            outcome = cause instanceof DetectionException d
                    ? new ImageProcessor.Failed(ImageProcessor.errorKey(d, spec), d.getMessage(), null, spec)
                    : new ImageProcessor.Failed("error.noModel", String.valueOf(cause.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        ImageProcessor.Outcome result = outcome;
        Platform.runLater(() -> finish(item, result));
    }

    /** On the FX thread; a null outcome means the item was cancelled. */
    private void finish(BatchItem item, ImageProcessor.Outcome outcome) {
        if (!live.contains(item)) {
            return; // cleared meanwhile
        }
        if (outcome == null) {
            item.cancelled();
            batchSkipped.set(batchSkipped.get() + 1);
        } else if (outcome instanceof ImageProcessor.Done done) {
            if (done.display() != null) {
                displayCache.put(item, done.display());
            }
            log.info("{}: {} detections in {} ms by {}", item.name(), done.result().detections().size(),
                    Math.round(done.answerMs()), done.answeredBy());
            item.done(done.result(), done.thumbnail(), done.answeredBy(), done.answerMs());
            noteClasses(done.result());
        } else if (outcome instanceof ImageProcessor.Failed failed) {
            log.info("{}: {} ({})", item.name(), failed.errorKey(), failed.detail());
            item.failed(failed.errorKey(), failed.detail(), failed.thumbnail(), failed.triedBackend());
            batchFailed.set(batchFailed.get() + 1);
        }
        batchFinished.set(batchFinished.get() + 1);
        if (batchFinished.get() >= batchTotal.get()) {
            running.set(false);
        }
        recomputeClasses();
        if (item == selected.get()) {
            showSelected();
        }
    }

    private void onSelected(BatchItem item) {
        displayWanted.set(item);
        highlighted.set(null);
        showSelected();
    }

    private void showSelected() {
        BatchItem item = selected.get();
        refilter();
        if (item == null) {
            image.set(null);
            return;
        }
        Image cached = displayCache.get(item);
        image.set(cached);
        boolean decodable = item.state() == BatchItem.State.DONE
                || (item.state() == BatchItem.State.FAILED && item.thumbnailProperty().get() != null);
        if (cached == null && decodable) {
            long request = ++displayRequest;
            CompletableFuture.supplyAsync(() -> {
                try {
                    return processor.display(item.source());
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }, ctx.background().work()).whenComplete((img, error) -> Platform.runLater(() -> {
                if (error != null) {
                    log.warn("cannot show {}", item.name(), error);
                    return;
                }
                displayCache.put(item, img);
                if (request == displayRequest && selected.get() == item) {
                    image.set(img);
                }
            }));
        }
    }

    private boolean passes(Detection d) {
        return d.score() >= threshold.get() && !hiddenClasses.contains(d.classIndex());
    }

    private void refilter() {
        BatchItem item = selected.get();
        DetectionResult result = item == null ? null : item.result();
        List<Detection> now = result == null ? List.of() : result.detections().stream().filter(this::passes).toList();
        if (!now.equals(visible)) {
            visible.setAll(now);
        }
        if (highlighted.get() != null && !visible.contains(highlighted.get())) {
            highlighted.set(null);
        }
        recomputeClasses();
    }

    /** Adds one image's detections to the batch's per-class bookkeeping: O(its detections). */
    private void noteClasses(DetectionResult result) {
        for (Detection d : result.detections()) {
            classExamples.putIfAbsent(d.classIndex(), d);
            bestScore.merge(d.classIndex(), d.score(), Math::max);
        }
    }

    /** The classes to offer: any with a detection at the threshold, plus the hidden ones. O(classes). */
    private void recomputeClasses() {
        TreeSet<Integer> found = new TreeSet<>(hiddenClasses);
        double min = threshold.get();
        bestScore.forEach((cls, best) -> {
            if (best >= min) {
                found.add(cls);
            }
        });
        if (!classesFound.equals(new ArrayList<>(found))) {
            classesFound.setAll(found);
        }
    }

    private void notify(AppEvents.Severity severity, String message) {
        ctx.events().publish(new AppEvents.Notify(severity, message));
    }
}
