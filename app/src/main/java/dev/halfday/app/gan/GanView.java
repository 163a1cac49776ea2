package dev.halfday.app.gan;

import dev.halfday.app.common.AppContext;
import dev.halfday.app.common.AppEvents;
import dev.halfday.app.common.I18n;
import dev.halfday.engine.gan.train.MetricsHistory;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;

/**
 * The GAN tab's controls, bound to a {@link GanViewModel}: dataset chooser (and folder drop), settings with
 * live validation, run buttons, progress, the sample grid with its history scrubber, the loss chart (D(x) and
 * D(G(z)) switchable, smoothing slider) and the FID chart. The view holds no state of its own beyond the
 * controls; charts are redrawn from the view-model's decimated {@link ChartData} (a few hundred points a
 * curve, no node per point).
 */
final class GanView {

    private final AppContext ctx;
    private final I18n i18n;
    private final GanViewModel vm;
    private final BorderPane root = new BorderPane();
    private final XYChart.Series<Number, Number> fidSeries = new XYChart.Series<>();
    private final Map<MetricsHistory.Metric, XYChart.Series<Number, Number>> curves = new EnumMap<>(MetricsHistory.Metric.class);

    GanView(AppContext ctx, GanViewModel vm) {
        this.ctx = ctx;
        this.i18n = ctx.i18n();
        this.vm = vm;
        root.setId("gan-page");
        root.getStylesheets().add(GanView.class.getResource("gan.css").toExternalForm());
        ScrollPane side = new ScrollPane(sidePanel());
        side.setFitToWidth(true);
        side.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        side.getStyleClass().add("gan-side");
        root.setLeft(side);
        root.setCenter(mainPanel());
        enableFolderDrop(root);
    }

    Node node() {
        return root;
    }

    // ---------------------------------------------------------------- side panel

    private Node sidePanel() {
        VBox box = new VBox(10, section("gan.section.data"), datasetChooser(),
                section("gan.section.settings"), settingsGrid(),
                section("gan.section.run"), runButtons(), messageLabel(),
                section("gan.section.export"), exportButtons());
        box.setPadding(new Insets(12));
        box.setPrefWidth(330);
        box.getStyleClass().add("gan-controls");
        return box;
    }

    private Label section(String key) {
        Label l = label(key);
        l.getStyleClass().add("gan-section");
        return l;
    }

    private Node datasetChooser() {
        ComboBox<DatasetChoice.Kind> kinds = new ComboBox<>();
        kinds.setId("gan-dataset");
        kinds.getItems().add(DatasetChoice.Kind.BUNDLED);
        GanViewModel.installedFashionMnist().ifPresent(p -> kinds.getItems().add(DatasetChoice.Kind.INSTALLED));
        kinds.getItems().addAll(DatasetChoice.Kind.IDX, DatasetChoice.Kind.FOLDER);
        kinds.setMaxWidth(Double.MAX_VALUE);
        kinds.setCellFactory(list -> new KindCell());
        kinds.setButtonCell(new KindCell());
        kinds.setValue(vm.datasetProperty().get().kind());
        kinds.disableProperty().bind(vm.settingsEditableProperty().not());
        kinds.valueProperty().addListener((obs, old, now) -> {
            if (now == null || now == vm.datasetProperty().get().kind()) {
                return;
            }
            switch (now) {
                case BUNDLED -> vm.datasetProperty().set(DatasetChoice.BUNDLED);
                case INSTALLED -> vm.datasetProperty().set(DatasetChoice.INSTALLED);
                case IDX, FOLDER -> {
                    Path chosen = chooseFolder(now);
                    if (chosen != null) {
                        vm.chooseFolder(now, chosen);
                    } else {
                        kinds.setValue(old);
                    }
                }
            }
        });
        vm.datasetProperty().addListener((obs, old, now) -> kinds.setValue(now.kind()));
        ctx.i18n().languageProperty().addListener((obs, old, now) -> {
            kinds.setButtonCell(new KindCell());
        });

        Label folder = new Label();
        folder.setId("gan-dataset-folder");
        folder.getStyleClass().add("gan-muted");
        folder.setWrapText(true);
        folder.textProperty().bind(Bindings.createStringBinding(() -> {
            DatasetChoice c = vm.datasetProperty().get();
            return c.folder() == null ? "" : c.folder().toString();
        }, vm.datasetProperty()));
        Label hint = label("gan.data.drop");
        hint.getStyleClass().add("gan-muted");
        hint.setWrapText(true);
        Label info = new Label();
        info.setId("gan-dataset-info");
        info.setWrapText(true);
        info.textProperty().bind(vm.datasetInfoProperty());
        return new VBox(4, kinds, folder, hint, info);
    }

    private Path chooseFolder(DatasetChoice.Kind kind) {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(i18n.get(kind == DatasetChoice.Kind.IDX ? "gan.data.chooseIdx" : "gan.data.chooseFolder"));
        File dir = chooser.showDialog(ctx.stage());
        return dir == null ? null : dir.toPath();
    }

    private final class KindCell extends ListCell<DatasetChoice.Kind> {
        @Override
        protected void updateItem(DatasetChoice.Kind item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setText(null);
                return;
            }
            setText(switch (item) {
                case BUNDLED -> i18n.get("gan.data.bundled");
                case INSTALLED -> i18n.get("gan.data.installed", DatasetChoice.INSTALLED.folder());
                case IDX -> i18n.get("gan.data.idx");
                case FOLDER -> i18n.get("gan.data.folder");
            });
        }
    }

    private Node settingsGrid() {
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(4);
        int row = 0;
        for (HyperParameterForm.Field f : HyperParameterForm.Field.values()) {
            Label name = label("gan.field." + fieldKey(f));
            name.setWrapText(true);
            name.setMaxWidth(170);
            TextField input = new TextField();
            input.setId("gan-" + f.name().toLowerCase().replace('_', '-'));
            input.setPrefColumnCount(7);
            input.textProperty().bindBidirectional(vm.field(f));
            boolean rate = f == HyperParameterForm.Field.GEN_LR || f == HyperParameterForm.Field.DISC_LR;
            input.disableProperty().bind(rate ? vm.ratesEditableProperty().not() : vm.settingsEditableProperty().not());
            if (rate) {
                input.setOnAction(e -> vm.applyLearningRates());
            }
            Label error = new Label();
            error.getStyleClass().add("gan-error");
            error.setWrapText(true);
            error.setMaxWidth(300);
            Runnable showError = () -> {
                String problem = vm.fieldErrors().get(f);
                error.setText(problem == null ? "" : problem);
                error.setVisible(problem != null);
                error.setManaged(problem != null);
                input.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("invalid"), problem != null);
                input.setTooltip(problem == null ? null : new Tooltip(problem));
            };
            vm.fieldErrors().addListener((javafx.collections.MapChangeListener<HyperParameterForm.Field, String>) c -> showError.run());
            showError.run();
            grid.add(name, 0, row);
            grid.add(input, 1, row);
            grid.add(error, 0, row + 1, 2, 1);
            row += 2;
        }
        Button apply = button("gan-apply-rates", "gan.action.applyRates", vm::applyLearningRates);
        apply.disableProperty().bind(vm.canPauseProperty().not().and(vm.canResumeProperty().not()));
        grid.add(apply, 0, row, 2, 1);
        return grid;
    }

    private static String fieldKey(HyperParameterForm.Field f) {
        return switch (f) {
            case STEPS -> "steps";
            case BATCH -> "batch";
            case GEN_LR -> "genLr";
            case DISC_LR -> "discLr";
            case BETA1 -> "beta1";
            case LATENT -> "latent";
            case SAMPLE_EVERY -> "sampleEvery";
            case FID_EVERY -> "fidEvery";
            case SEED -> "seed";
        };
    }

    private Node runButtons() {
        Button start = button("gan-start", "gan.action.start", vm::start);
        start.disableProperty().bind(vm.canStartProperty().not());
        start.setDefaultButton(true);
        Button cont = new Button();
        cont.setId("gan-continue");
        cont.textProperty().bind(Bindings.createStringBinding(
                () -> i18n.get("gan.action.continue", Math.max(0, vm.resumableStepProperty().get())),
                vm.resumableStepProperty(), i18n.languageProperty()));
        cont.setOnAction(e -> vm.continueRun());
        cont.disableProperty().bind(vm.canContinueProperty().not());
        cont.visibleProperty().bind(vm.resumableStepProperty().greaterThanOrEqualTo(0));
        cont.managedProperty().bind(cont.visibleProperty());
        Button pause = button("gan-pause", "gan.action.pause", vm::pause);
        pause.disableProperty().bind(vm.canPauseProperty().not());
        Button resume = button("gan-resume", "gan.action.resume", vm::resume);
        resume.disableProperty().bind(vm.canResumeProperty().not());
        Button stop = button("gan-stop", "gan.action.stop", vm::stop);
        stop.disableProperty().bind(vm.canStopProperty().not());
        HBox controls = new HBox(6, pause, resume, stop);
        VBox box = new VBox(6, start, cont, controls);
        start.setMaxWidth(Double.MAX_VALUE);
        cont.setMaxWidth(Double.MAX_VALUE);
        return box;
    }

    private Node messageLabel() {
        Label m = new Label();
        m.setId("gan-message");
        m.setWrapText(true);
        m.textProperty().bind(vm.messageProperty());
        m.getStyleClass().add("gan-muted");
        return m;
    }

    private Node exportButtons() {
        Button grid = button("gan-export-grid", "gan.action.exportGrid", () -> save("png", "gan.export.pngFilter",
                "gan-grid.png", vm::exportGrid));
        grid.disableProperty().bind(vm.hasGridsProperty().not());
        Button gif = button("gan-export-gif", "gan.action.exportGif", () -> save("gif", "gan.export.gifFilter",
                "gan-evolution.gif", vm::exportGif));
        gif.disableProperty().bind(vm.hasGridsProperty().not());
        Button generator = button("gan-export-generator", "gan.action.exportGenerator", () -> {
            DirectoryChooser chooser = new DirectoryChooser();
            File dir = chooser.showDialog(ctx.stage());
            if (dir != null) {
                vm.exportGenerator(dir.toPath().resolve("halfday-generator"));
            }
        });
        generator.disableProperty().bind(vm.resumableStepProperty().lessThan(0));
        for (Button b : List.of(grid, gif, generator)) {
            b.setMaxWidth(Double.MAX_VALUE);
        }
        return new VBox(6, grid, gif, generator);
    }

    private void save(String extension, String filterKey, String suggested, Consumer<Path> action) {
        FileChooser chooser = new FileChooser();
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(i18n.get(filterKey), "*." + extension));
        chooser.setInitialFileName(suggested);
        File file = chooser.showSaveDialog(ctx.stage());
        if (file != null) {
            action.accept(file.toPath());
        }
    }

    // ---------------------------------------------------------------- main panel

    private Node mainPanel() {
        ProgressBar bar = new ProgressBar();
        bar.setId("gan-progress");
        bar.progressProperty().bind(vm.progressProperty());
        bar.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(bar, Priority.ALWAYS);
        Label phase = new Label();
        phase.setId("gan-phase");
        phase.getStyleClass().add("gan-phase");
        phase.textProperty().bind(Bindings.createStringBinding(
                () -> i18n.get("gan.phase." + vm.phaseProperty().get().name()), vm.phaseProperty(), i18n.languageProperty()));
        Label text = new Label();
        text.setId("gan-progress-text");
        text.textProperty().bind(vm.progressTextProperty());
        HBox progressRow = new HBox(10, phase, bar, text);
        progressRow.setAlignment(Pos.CENTER_LEFT);
        progressRow.setPadding(new Insets(12, 12, 6, 12));

        HBox content = new HBox(12, gridPanel(), charts());
        content.setPadding(new Insets(6, 12, 12, 12));
        HBox.setHgrow(content.getChildren().get(1), Priority.ALWAYS);
        VBox.setVgrow(content, Priority.ALWAYS);
        return new VBox(progressRow, content);
    }

    private Node gridPanel() {
        ImageView image = new ImageView();
        image.setId("gan-grid");
        image.setPreserveRatio(true);
        image.setSmooth(false); // crisp pixels: these are 28×28 images blown up
        image.setFitWidth(480);
        image.imageProperty().bind(vm.gridImageProperty());
        StackPane frame = new StackPane(image);
        frame.getStyleClass().add("gan-grid-frame");
        frame.setMinSize(482, 482);

        Slider scrubber = new Slider(0, 0, 0);
        scrubber.setId("gan-grid-scrubber");
        scrubber.setBlockIncrement(1);
        scrubber.setMajorTickUnit(1);
        scrubber.setSnapToTicks(true);
        scrubber.maxProperty().bind(Bindings.max(0, vm.gridCountProperty().subtract(1)));
        scrubber.disableProperty().bind(vm.gridCountProperty().lessThan(2));
        scrubber.valueProperty().addListener((obs, old, now) -> {
            int i = (int) Math.round(now.doubleValue());
            if (i != vm.selectedGridProperty().get()) {
                vm.followLatestProperty().set(false);
                vm.selectedGridProperty().set(i);
            }
        });
        vm.selectedGridProperty().addListener((obs, old, now) -> scrubber.setValue(Math.max(0, now.intValue())));
        CheckBox follow = new CheckBox();
        follow.setId("gan-grid-follow");
        follow.textProperty().bind(i18n.text("gan.grid.latest"));
        follow.selectedProperty().bindBidirectional(vm.followLatestProperty());
        Label caption = new Label();
        caption.setId("gan-grid-caption");
        caption.textProperty().bind(vm.gridCaptionProperty());
        HBox under = new HBox(10, caption, follow);
        under.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(6, section("gan.grid.title"), frame, scrubber, under);
        box.setMaxWidth(500);
        return box;
    }

    private Node charts() {
        NumberAxis x = new NumberAxis();
        x.setForceZeroInRange(false);
        x.labelProperty().bind(i18n.text("gan.chart.step"));
        NumberAxis y = new NumberAxis();
        y.setForceZeroInRange(true);
        LineChart<Number, Number> losses = new LineChart<>(x, y);
        losses.setId("gan-loss-chart");
        losses.titleProperty().bind(i18n.text("gan.chart.losses"));
        losses.setCreateSymbols(false); // one path per curve, never a node per point
        losses.setAnimated(false);
        losses.setLegendVisible(true);
        for (MetricsHistory.Metric m : List.of(MetricsHistory.Metric.D_LOSS, MetricsHistory.Metric.G_LOSS,
                MetricsHistory.Metric.D_REAL, MetricsHistory.Metric.D_FAKE)) {
            XYChart.Series<Number, Number> series = new XYChart.Series<>();
            series.nameProperty().bind(i18n.text(metricKey(m)));
            curves.put(m, series);
        }
        losses.setData(FXCollections.observableArrayList(curves.get(MetricsHistory.Metric.D_LOSS),
                curves.get(MetricsHistory.Metric.G_LOSS), curves.get(MetricsHistory.Metric.D_REAL),
                curves.get(MetricsHistory.Metric.D_FAKE)));
        VBox.setVgrow(losses, Priority.ALWAYS);

        CheckBox dReal = new CheckBox();
        dReal.setId("gan-show-dreal");
        dReal.textProperty().bind(i18n.text("gan.chart.dReal"));
        dReal.selectedProperty().bindBidirectional(vm.showDRealProperty());
        CheckBox dFake = new CheckBox();
        dFake.setId("gan-show-dfake");
        dFake.textProperty().bind(i18n.text("gan.chart.dFake"));
        dFake.selectedProperty().bindBidirectional(vm.showDFakeProperty());
        Slider smoothing = new Slider(0, 0.99, 0.6);
        smoothing.setId("gan-smoothing");
        smoothing.valueProperty().bindBidirectional(vm.smoothingProperty());
        Label smoothingLabel = label("gan.chart.smoothing");
        HBox options = new HBox(10, dReal, dFake, smoothingLabel, smoothing);
        options.setAlignment(Pos.CENTER_LEFT);

        // The FID curve shares the loss chart's steps, so both read against the same x (FID points are few and
        // far apart; on its own the axis would sit at 0…110 until the second one arrives).
        NumberAxis fx = new NumberAxis();
        fx.setAutoRanging(false);
        fx.lowerBoundProperty().bind(x.lowerBoundProperty());
        fx.upperBoundProperty().bind(x.upperBoundProperty());
        fx.tickUnitProperty().bind(x.tickUnitProperty());
        fx.labelProperty().bind(i18n.text("gan.chart.step"));
        NumberAxis fy = new NumberAxis();
        LineChart<Number, Number> fid = new LineChart<>(fx, fy);
        fid.setId("gan-fid-chart");
        fid.titleProperty().bind(i18n.text("gan.chart.fid"));
        fid.setAnimated(false);
        fid.setLegendVisible(false);
        fid.setPrefHeight(220);
        fid.setMinHeight(160);
        fid.getData().add(fidSeries);

        vm.chartProperty().addListener((obs, old, now) -> draw(now));
        draw(vm.chartProperty().get());
        VBox box = new VBox(6, losses, options, fid);
        box.setMinWidth(360);
        return box;
    }

    private static String metricKey(MetricsHistory.Metric m) {
        return switch (m) {
            case D_LOSS -> "gan.chart.dLoss";
            case G_LOSS -> "gan.chart.gLoss";
            case D_REAL -> "gan.chart.dReal";
            case D_FAKE -> "gan.chart.dFake";
            case IMGS_PER_SEC -> "gan.chart.step";
        };
    }

    /** Replaces each curve's points with the decimated ones (≤ {@link ChartData#MAX_POINTS} each). */
    private void draw(ChartData data) {
        curves.forEach((metric, series) -> {
            MetricsHistory.Series s = data.curves().get(metric);
            ObservableList<XYChart.Data<Number, Number>> points = FXCollections.observableArrayList();
            if (s != null) {
                for (int i = 0; i < s.size(); i++) {
                    if (Double.isFinite(s.values()[i])) {
                        points.add(new XYChart.Data<>(s.steps()[i], s.values()[i]));
                    }
                }
            }
            series.getData().setAll(points);
        });
        ObservableList<XYChart.Data<Number, Number>> fidPoints = FXCollections.observableArrayList();
        for (MetricsHistory.FidPoint p : data.fid()) {
            fidPoints.add(new XYChart.Data<>(p.step(), p.fid()));
        }
        fidSeries.getData().setAll(fidPoints);
    }

    // ---------------------------------------------------------------- drop a folder

    private void enableFolderDrop(Node target) {
        target.addEventHandler(DragEvent.DRAG_OVER, e -> {
            if (e.getDragboard().hasFiles() && vm.settingsEditableProperty().get()) {
                e.acceptTransferModes(TransferMode.COPY, TransferMode.LINK);
                e.consume();
            }
        });
        target.addEventHandler(DragEvent.DRAG_DROPPED, e -> {
            List<File> dropped = e.getDragboard().hasFiles() ? e.getDragboard().getFiles() : List.of();
            boolean ok = dropped.size() == 1 && Files.isDirectory(dropped.get(0).toPath());
            if (ok) {
                vm.chooseFolder(DatasetChoice.Kind.FOLDER, dropped.get(0).toPath());
            } else if (!dropped.isEmpty()) {
                ctx.events().publish(new AppEvents.Notify(AppEvents.Severity.WARNING, i18n.get("gan.message.dropFolder")));
            }
            e.setDropCompleted(ok);
            e.consume();
        });
    }

    // ---------------------------------------------------------------- small helpers

    private Label label(String key) {
        Label l = new Label();
        l.textProperty().bind(i18n.text(key));
        return l;
    }

    private Button button(String id, String key, Runnable action) {
        Button b = new Button();
        b.setId(id);
        b.textProperty().bind(i18n.text(key));
        b.setOnAction(e -> action.run());
        return b;
    }
}
