package dev.halfday.app.detect;

import dev.halfday.app.common.AppContext;
import dev.halfday.app.common.AppEvents;
import dev.halfday.app.common.I18n;
import dev.halfday.app.common.ImageFileDialogs;
import dev.halfday.app.common.Samples;
import dev.halfday.app.shell.Page;
import dev.halfday.engine.client.BackendSpec;
import dev.halfday.engine.detect.Annotator;
import dev.halfday.engine.detect.Detection;
import dev.halfday.engine.detect.DetectionResult;
import dev.halfday.engine.detect.LabelSet;
import dev.halfday.engine.detect.ModelInfo;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Slider;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.DragEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.controlsfx.control.CheckComboBox;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The Detect tab: drop or open photos, see boxes and labels on the image and in a side list, filter by
 * confidence and class without re-running the model, save an annotated copy, work through batches.
 * State lives in {@link DetectViewModel}; this class only builds and wires the controls.
 */
public final class DetectPage implements Page {

    public static final String ID = "detect";
    public static final String BUNDLE = "dev.halfday.app.detect.messages";
    private static final PseudoClass DRAG_OVER = PseudoClass.getPseudoClass("drag-over");

    private final AppContext ctx;
    private final I18n i18n;
    private final DetectViewModel vm;
    private final ImageFileDialogs dialogs;
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private ImageViewer viewer;
    private Button save;
    private BatchItem watched;
    private final ChangeListener<Object> selectedChanged = (obs, old, now) -> updateStatus();

    public DetectPage(AppContext ctx) {
        this.ctx = ctx;
        this.i18n = ctx.i18n();
        i18n.addBundle(BUNDLE);
        this.vm = new DetectViewModel(ctx);
        this.dialogs = new ImageFileDialogs(ctx);

        ctx.events().subscribe(AppEvents.OpenImages.class, e -> {
            show();
            vm.open(e.paths());
        });
        ctx.events().subscribe(AppEvents.OpenEncodedImage.class, e -> {
            show();
            vm.open(new ImageSource.Encoded(e.name(), e.bytes()));
        });
        ctx.events().subscribe(AppEvents.PasteImage.class, e -> paste());
        ctx.events().subscribe(AppEvents.SaveAnnotated.class, e -> saveAnnotated());

        vm.selectedProperty().addListener((obs, old, now) -> watch(now));
        vm.visibleDetections().addListener((ListChangeListener<Detection>) c -> updateStatus());
        i18n.languageProperty().addListener((obs, old, now) -> updateStatus());
        vm.thresholdProperty().addListener((obs, old, now) -> updateStatus());
        ctx.detectors().stateProperty().addListener((obs, old, now) -> updateStatus());
        ctx.detectionBackend().specProperty().addListener((obs, old, now) -> updateStatus());
        updateStatus();
    }

    /** The view-model (tests drive and inspect it). */
    public DetectViewModel viewModel() {
        return vm;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ObservableValue<String> title() {
        return i18n.text("page.detect.title");
    }

    @Override
    public ObservableValue<String> statusText() {
        return status.getReadOnlyProperty();
    }

    @Override
    public void dispose() {
        vm.cancel();
    }

    @Override
    public Node view() {
        viewer = new ImageViewer(vm.visibleDetections(), vm.highlightedProperty(), this::tagText);
        viewer.imageProperty().bind(vm.imageProperty());

        StackPane imageArea = new StackPane(viewer, selectionMessage(),
                new DropZone(ctx, this::openImages, this::openFolder, () -> Samples.open(ctx, "astronaut.png")));
        imageArea.getStyleClass().add("image-area");
        Node dropZone = imageArea.getChildren().get(2);
        dropZone.visibleProperty().bind(Bindings.isEmpty(vm.items()));
        viewer.visibleProperty().bind(Bindings.isNotEmpty(vm.items()));

        SplitPane split = new SplitPane(imageArea, sidePanel());
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.78);
        SplitPane.setResizableWithParent(split.getItems().get(1), false);
        split.getStyleClass().add("detect-split");

        BatchStrip strip = new BatchStrip(vm, i18n);
        strip.visibleProperty().bind(Bindings.isNotEmpty(vm.items()));
        strip.managedProperty().bind(strip.visibleProperty());

        BorderPane root = new BorderPane(split);
        root.setTop(toolbar());
        root.setBottom(strip);
        root.setId("detect-page");
        root.getStyleClass().add("detect-page");
        root.getStylesheets().add(DetectPage.class.getResource("detect.css").toExternalForm());
        installDragAndDrop(root);
        installZoomKeys(root);
        i18n.languageProperty().addListener((obs, old, now) -> viewer.refreshTags());
        return root;
    }

    // ---- parts ----

    private ToolBar toolbar() {
        Button open = button("detect-open", "detect.action.open", this::openImages);
        Button folder = button("detect-open-folder", "detect.action.openFolder", this::openFolder);
        Button paste = button("detect-paste", "detect.action.paste", this::paste);
        save = button("detect-save", "detect.action.save", this::saveAnnotated);
        save.setDisable(true);

        Label confidence = new Label();
        confidence.textProperty().bind(i18n.text("detect.confidence"));
        confidence.getStyleClass().add("toolbar-label");
        Slider slider = new Slider(ImageProcessor.MODEL_FLOOR, 1.0, vm.thresholdProperty().get());
        slider.setId("threshold-slider");
        slider.setPrefWidth(140);
        slider.setBlockIncrement(0.05);
        slider.valueProperty().bindBidirectional(vm.thresholdProperty());
        Label value = new Label();
        value.setId("threshold-value");
        value.getStyleClass().add("threshold-value");
        value.setMinWidth(Region.USE_PREF_SIZE);
        value.textProperty().bind(Bindings.createStringBinding(
                () -> String.format(Locale.ROOT, "≥ %.0f%%", vm.thresholdProperty().get() * 100),
                vm.thresholdProperty()));
        Tooltip sliderTip = new Tooltip();
        sliderTip.textProperty().bind(i18n.text("detect.confidence.tip"));
        slider.setTooltip(sliderTip);

        Label classesLabel = new Label();
        classesLabel.textProperty().bind(i18n.text("detect.classes"));
        classesLabel.getStyleClass().add("toolbar-label");
        CheckComboBox<Integer> classes = classFilter();

        Button zoomOut = button("zoom-out", null, () -> viewer.zoomOut());
        zoomOut.setText("−");
        Button fit = button("zoom-fit", "detect.zoom.fit", () -> viewer.fitToView());
        Button zoomIn = button("zoom-in", null, () -> viewer.zoomIn());
        zoomIn.setText("+");
        Label zoomValue = new Label();
        zoomValue.setId("zoom-value");
        zoomValue.getStyleClass().add("zoom-value");
        zoomValue.setMinWidth(44);
        zoomValue.textProperty().bind(Bindings.createStringBinding(
                () -> String.format(Locale.ROOT, "%.0f%%", viewer.scaleProperty().get() * 100),
                viewer.scaleProperty()));
        for (Button b : List.of(zoomOut, fit, zoomIn)) {
            b.getStyleClass().add("zoom-button");
            b.disableProperty().bind(vm.imageProperty().isNull());
        }
        Tooltip zoomTip = new Tooltip();
        zoomTip.textProperty().bind(i18n.text("detect.zoom.tip"));
        fit.setTooltip(zoomTip);

        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        ToolBar bar = new ToolBar(open, folder, paste, divider(), save, grow,
                confidence, slider, value, divider(), classesLabel, classes, divider(), zoomOut, fit, zoomIn,
                zoomValue);
        bar.setId("detect-toolbar");
        bar.getStyleClass().add("detect-toolbar");
        return bar;
    }

    private CheckComboBox<Integer> classFilter() {
        CheckComboBox<Integer> box = new CheckComboBox<>(vm.classesFound());
        box.setId("class-filter");
        box.setPrefWidth(150);
        box.setConverter(classConverter());
        boolean[] syncing = {false};
        Runnable syncChecks = () -> {
            syncing[0] = true;
            try {
                for (Integer cls : vm.classesFound()) {
                    if (vm.hiddenClasses().contains(cls)) {
                        box.getCheckModel().clearCheck(cls);
                    } else {
                        box.getCheckModel().check(cls);
                    }
                }
            } finally {
                syncing[0] = false;
            }
        };
        vm.classesFound().addListener((ListChangeListener<Integer>) c -> Platform.runLater(syncChecks));
        box.getCheckModel().getCheckedItems().addListener((ListChangeListener<Integer>) c -> {
            if (syncing[0]) {
                return;
            }
            for (Integer cls : List.copyOf(vm.classesFound())) {
                boolean checked = box.getCheckModel().isChecked(cls);
                if (checked) {
                    vm.hiddenClasses().remove(cls);
                } else {
                    vm.hiddenClasses().add(cls);
                }
            }
        });
        box.titleProperty().bind(Bindings.createStringBinding(() -> {
            int all = vm.classesFound().size();
            int hidden = (int) vm.classesFound().stream().filter(vm.hiddenClasses()::contains).count();
            if (all == 0) {
                return i18n.get("detect.classes.none");
            }
            return hidden == 0 ? i18n.get("detect.classes.all", all)
                    : i18n.get("detect.classes.some", all - hidden, all);
        }, vm.classesFound(), vm.hiddenClasses(), i18n.languageProperty()));
        i18n.languageProperty().addListener((obs, old, now) -> box.setConverter(classConverter()));
        syncChecks.run();
        return box;
    }

    private StringConverter<Integer> classConverter() {
        return new StringConverter<>() {
            @Override
            public String toString(Integer cls) {
                return cls == null ? "" : className(cls);
            }

            @Override
            public Integer fromString(String s) {
                throw new UnsupportedOperationException();
            }
        };
    }

    private Node sidePanel() {
        Label header = new Label();
        header.getStyleClass().add("side-title");
        header.textProperty().bind(Bindings.createStringBinding(
                () -> i18n.get("detect.list.title", vm.visibleDetections().size()),
                vm.visibleDetections(), i18n.languageProperty()));

        ListView<Detection> list = new ListView<>(vm.visibleDetections());
        list.setId("detection-list");
        list.getStyleClass().add("detection-list");
        list.setCellFactory(l -> new DetectionListCell(vm.highlightedProperty(), d -> d.label(i18n.language())));
        // Rows are pointed at (highlight), never selected: a selection would look like a second highlight.
        list.setFocusTraversable(false);
        list.getSelectionModel().selectedIndexProperty().addListener((obs, old, now) -> {
            if (now.intValue() >= 0) {
                Platform.runLater(() -> list.getSelectionModel().clearSelection());
            }
        });
        Label empty = new Label();
        empty.textProperty().bind(Bindings.createStringBinding(
                () -> vm.selectedProperty().get() == null ? "" : i18n.get("detect.list.empty",
                        Math.round(vm.thresholdProperty().get() * 100)),
                vm.selectedProperty(), vm.thresholdProperty(), i18n.languageProperty()));
        empty.setWrapText(true);
        empty.getStyleClass().add("list-empty");
        list.setPlaceholder(empty);
        i18n.languageProperty().addListener((obs, old, now) -> list.refresh());
        VBox.setVgrow(list, Priority.ALWAYS);

        Label hint = new Label();
        hint.textProperty().bind(i18n.text("detect.list.hint"));
        hint.getStyleClass().add("side-hint");
        hint.setWrapText(true);

        VBox side = new VBox(8, header, list, hint);
        side.setId("side-panel");
        side.getStyleClass().add("side-panel");
        side.setMinWidth(200);
        side.setPrefWidth(270);
        return side;
    }

    /** Over the image: "waiting for the model", "detecting…", or why the selected image failed. */
    private Node selectionMessage() {
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setMaxSize(36, 36);
        Label title = new Label();
        title.getStyleClass().add("message-title");
        title.setWrapText(true);
        Label detail = new Label();
        detail.getStyleClass().add("message-detail");
        detail.setWrapText(true);
        VBox card = new VBox(10, spinner, title, detail);
        card.setAlignment(Pos.CENTER);
        card.getStyleClass().add("message-card");
        card.setMaxSize(460, Region.USE_PREF_SIZE);
        StackPane layer = new StackPane(card);
        layer.setId("selection-message");
        layer.setPickOnBounds(false);
        layer.setMouseTransparent(true);

        Runnable update = () -> {
            BatchItem item = vm.selectedProperty().get();
            BatchItem.State state = item == null ? null : item.state();
            boolean failed = state == BatchItem.State.FAILED;
            boolean busy = state == BatchItem.State.QUEUED || state == BatchItem.State.RUNNING
                    || (state == BatchItem.State.DONE && vm.imageProperty().get() == null);
            boolean cancelled = state == BatchItem.State.CANCELLED;
            layer.setVisible(failed || busy || cancelled);
            spinner.setVisible(busy);
            spinner.setManaged(busy);
            card.pseudoClassStateChanged(PseudoClass.getPseudoClass("failed"), failed);
            if (failed) {
                title.setText("⚠ " + item.name() + ": " + i18n.get(item.errorProperty().get()));
                detail.setText(item.errorDetailProperty().get());
            } else if (cancelled) {
                title.setText(i18n.get("detect.message.cancelled", item.name()));
                detail.setText("");
            } else if (busy) {
                boolean loading = waitingForModel();
                title.setText(i18n.get(loading ? "detect.message.waitingForModel" : "detect.message.detecting",
                        item.name()));
                detail.setText("");
            }
        };
        vm.selectedProperty().addListener((obs, old, now) -> update.run());
        vm.imageProperty().addListener((obs, old, now) -> update.run());
        status.addListener((obs, old, now) -> update.run()); // follows item state, model state and language
        update.run();
        return layer;
    }

    // ---- actions ----

    private void openImages() {
        dialogs.chooseImages().ifPresent(vm::open);
    }

    private void openFolder() {
        dialogs.chooseFolder().ifPresent(dir -> vm.open(List.of(dir)));
    }

    private void paste() {
        show();
        Clipboard clipboard = Clipboard.getSystemClipboard();
        if (clipboard.hasFiles()) {
            vm.open(clipboard.getFiles().stream().map(File::toPath).toList());
        } else if (clipboard.hasImage()) {
            vm.openPasted(SwingFXUtils.fromFXImage(clipboard.getImage(), null));
        } else if (clipboard.hasString() && looksLikeFile(clipboard.getString())) {
            vm.open(List.of(Path.of(clipboard.getString().trim())));
        } else {
            ctx.events().publish(new AppEvents.Notify(AppEvents.Severity.INFO, i18n.get("detect.paste.nothing")));
        }
    }

    private void saveAnnotated() {
        show();
        if (!vm.canSave()) {
            ctx.events().publish(new AppEvents.Notify(AppEvents.Severity.INFO, i18n.get("detect.save.nothing")));
            return;
        }
        dialogs.choosePngTarget(vm.suggestedSaveName()).ifPresent(target ->
                vm.saveAnnotated(target).whenComplete((path, error) -> Platform.runLater(() -> {
                    if (error == null) {
                        ctx.events().publish(new AppEvents.Notify(AppEvents.Severity.INFO,
                                i18n.get("detect.save.done", path)));
                    } else {
                        Throwable cause = error.getCause() == null ? error : error.getCause();
                        ctx.events().publish(new AppEvents.Notify(AppEvents.Severity.ERROR,
                                i18n.get("detect.save.failed", target, cause.getMessage())));
                    }
                })));
    }

    private void show() {
        ctx.events().publish(new AppEvents.ShowPage(ID));
    }

    private void installDragAndDrop(Node target) {
        target.addEventHandler(DragEvent.DRAG_OVER, e -> {
            if (e.getDragboard().hasFiles() || e.getDragboard().hasImage()) {
                e.acceptTransferModes(TransferMode.COPY);
                target.pseudoClassStateChanged(DRAG_OVER, true);
                e.consume();
            }
        });
        target.addEventHandler(DragEvent.DRAG_EXITED, e -> target.pseudoClassStateChanged(DRAG_OVER, false));
        target.addEventHandler(DragEvent.DRAG_DROPPED, e -> {
            target.pseudoClassStateChanged(DRAG_OVER, false);
            boolean done = false;
            if (e.getDragboard().hasFiles()) {
                vm.open(e.getDragboard().getFiles().stream().map(File::toPath).toList());
                done = true;
            } else if (e.getDragboard().hasImage()) {
                vm.openPasted(SwingFXUtils.fromFXImage(e.getDragboard().getImage(), null));
                done = true;
            }
            e.setDropCompleted(done);
            e.consume();
        });
    }

    private void installZoomKeys(Node target) {
        target.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (!e.isShortcutDown() || vm.imageProperty().get() == null) {
                return;
            }
            KeyCode code = e.getCode();
            if (code == KeyCode.PLUS || code == KeyCode.EQUALS || code == KeyCode.ADD) {
                viewer.zoomIn();
            } else if (code == KeyCode.MINUS || code == KeyCode.SUBTRACT) {
                viewer.zoomOut();
            } else if (code == KeyCode.DIGIT0 || code == KeyCode.NUMPAD0) {
                viewer.fitToView();
            } else {
                return;
            }
            e.consume();
        });
    }

    // ---- text ----

    private String tagText(Detection d) {
        return Annotator.tagText(d, i18n.language());
    }

    /** Whether images wait for this app's model to load (they do only when it is the chosen backend). */
    private boolean waitingForModel() {
        return ctx.detectionBackend().spec() instanceof BackendSpec.Local && ctx.detectors().ready().isEmpty();
    }

    private String className(int cls) {
        var seen = vm.classExample(cls);
        if (seen.isPresent()) {
            return seen.get().label(i18n.language());
        }
        ModelInfo model = ctx.detectors().modelProperty().get();
        LabelSet labels = model != null ? model.labels() : LabelSet.coco80();
        if (cls < 0 || cls >= labels.size()) {
            return "#" + cls;
        }
        LabelSet.Entry e = labels.get(cls);
        return i18n.language() == dev.halfday.engine.i18n.Language.ZH ? e.zh() : e.en();
    }

    /** Keeps the status line and the Save button in step with the selected image. */
    private void watch(BatchItem item) {
        if (watched != null) {
            watched.stateProperty().removeListener(selectedChanged);
        }
        watched = item;
        if (item != null) {
            item.stateProperty().addListener(selectedChanged);
        }
        updateStatus();
    }

    private void updateStatus() {
        BatchItem item = vm.selectedProperty().get();
        if (save != null) {
            save.setDisable(!vm.canSave());
        }
        if (item == null) {
            BackendSpec backend = ctx.detectionBackend().spec();
            status.set(backend instanceof BackendSpec.Local ? i18n.get("detect.status.empty")
                    : i18n.get("detect.status.emptyRemote", BackendLabels.via(backend, i18n)));
            return;
        }
        status.set(switch (item.state()) {
            case QUEUED -> i18n.get(waitingForModel() ? "detect.message.waitingForModel"
                    : "detect.status.queued", item.name());
            case RUNNING -> i18n.get("detect.message.detecting", item.name());
            case CANCELLED -> i18n.get("detect.message.cancelled", item.name());
            case FAILED -> item.name() + " · " + i18n.get(item.errorProperty().get())
                    + (item.backend() == null ? "" : " · " + BackendLabels.via(item.backend(), i18n));
            case DONE -> {
                DetectionResult r = item.result();
                yield i18n.get("detect.status.done", item.name(), r.width(), r.height(),
                        vm.visibleDetections().size(), Math.round(vm.thresholdProperty().get() * 100),
                        String.format(Locale.ROOT, "%.0f", item.answerMs()),
                        BackendLabels.answeredBy(item.backend(), r.model(), i18n));
            }
        });
    }

    private static boolean looksLikeFile(String text) {
        try {
            Path p = Path.of(text.trim());
            return p.isAbsolute() && java.nio.file.Files.exists(p);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Region divider() {
        Region line = new Region();
        line.getStyleClass().add("toolbar-divider");
        return line;
    }

    private Button button(String id, String key, Runnable action) {
        Button b = new Button();
        b.setId(id);
        if (key != null) {
            b.textProperty().bind(i18n.text(key));
        }
        b.setOnAction(e -> action.run());
        return b;
    }
}
