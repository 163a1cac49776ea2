package dev.halfday.app.gan;

import dev.halfday.app.common.AppContext;
import dev.halfday.app.common.AppEvents;
import dev.halfday.app.common.I18n;
import dev.halfday.engine.gan.GanConfig;
import dev.halfday.engine.gan.data.FashionMnist;
import dev.halfday.engine.gan.data.ImageDataset;
import dev.halfday.engine.gan.model.GeneratorGraph;
import dev.halfday.engine.gan.train.CheckpointStore;
import dev.halfday.engine.gan.train.GridAnimation;
import dev.halfday.engine.gan.train.MetricsHistory;
import dev.halfday.engine.gan.train.RunFilesWriter;
import dev.halfday.engine.gan.train.SampleGrid;
import dev.halfday.engine.gan.train.Trainer;
import dev.halfday.engine.gan.train.TrainerState;
import dev.halfday.engine.gan.train.TrainingEvent;
import dev.halfday.engine.gan.train.TrainingListener;
import dev.halfday.engine.util.AppDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;
import javafx.scene.image.Image;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GAN tab's state and commands. Everything the view shows is a read-only property here, changed only on the
 * FX thread; everything slow (loading data, building the graph, training, decimating curves, exporting) runs on
 * background threads. Training events arrive on the trainer's delivery thread and are coalesced into at most
 * one pending FX update, so a fast trainer can never flood the FX thread. Curves are re-decimated from the
 * trainer's history four times a second, off the FX thread, to a few hundred points each.
 *
 * <p>The run lives in one folder ({@code <data>/gan/current}) with its checkpoints, metrics and grids, so
 * closing the app and opening it again offers to continue where it stopped. Starting a new run moves the old
 * folder aside rather than deleting it.
 */
public final class GanViewModel implements AutoCloseable {

    /** What the tab is doing. */
    public enum Phase {
        IDLE, PREPARING, RUNNING, PAUSED, STOPPING, STOPPED, FAILED
    }

    private static final Logger log = LoggerFactory.getLogger(GanViewModel.class);
    private static final Pattern GRID_FILE = Pattern.compile("grid-(\\d+)\\.png");
    private static final long CHART_PERIOD_MS = 250;

    private final AppContext ctx;
    private final I18n i18n;
    private final Path runDir;
    private final ExecutorService work;
    private final ScheduledExecutorService chartThread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "gan-chart");
        t.setDaemon(true);
        return t;
    });

    // ---- inputs
    private final Map<HyperParameterForm.Field, StringProperty> fields = new EnumMap<>(HyperParameterForm.Field.class);
    private final ObjectProperty<DatasetChoice> dataset = new SimpleObjectProperty<>(this, "dataset");
    private final DoubleProperty smoothing;
    private final BooleanProperty showDReal;
    private final BooleanProperty showDFake;
    private final IntegerProperty selectedGrid = new SimpleIntegerProperty(this, "selectedGrid", -1);
    private final BooleanProperty followLatest = new javafx.beans.property.SimpleBooleanProperty(this, "followLatest", true);

    // ---- outputs
    private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(this, "phase", Phase.IDLE);
    private final ReadOnlyLongWrapper step = new ReadOnlyLongWrapper(this, "step");
    private final ReadOnlyLongWrapper targetSteps = new ReadOnlyLongWrapper(this, "targetSteps");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyDoubleWrapper imagesPerSecond = new ReadOnlyDoubleWrapper(this, "imagesPerSecond", Double.NaN);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper(this, "progressText", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper datasetInfo = new ReadOnlyStringWrapper(this, "datasetInfo", "");
    private final ReadOnlyObjectWrapper<ChartData> chart = new ReadOnlyObjectWrapper<>(this, "chart", ChartData.EMPTY);
    private final ReadOnlyObjectWrapper<Image> gridImage = new ReadOnlyObjectWrapper<>(this, "gridImage");
    private final ReadOnlyStringWrapper gridCaption = new ReadOnlyStringWrapper(this, "gridCaption", "");
    private final ReadOnlyIntegerWrapper gridCount = new ReadOnlyIntegerWrapper(this, "gridCount", 0);
    private final ReadOnlyLongWrapper resumableStep = new ReadOnlyLongWrapper(this, "resumableStep", -1);
    private final ReadOnlyBooleanWrapper formValid = new ReadOnlyBooleanWrapper(this, "formValid", true);
    private final ObservableMap<HyperParameterForm.Field, String> fieldErrors = FXCollections.observableMap(
            new EnumMap<>(HyperParameterForm.Field.class));
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");

    // ---- cross-thread state
    private final GridTimeline timeline = new GridTimeline(400);
    private final AtomicReference<TrainingEvent.Step> latestStep = new AtomicReference<>();
    private final AtomicReference<TrainerState> latestState = new AtomicReference<>();
    private final AtomicReference<String> latestMessage = new AtomicReference<>();
    private final AtomicReference<String> latestDataset = new AtomicReference<>();
    private final AtomicBoolean gridsChanged = new AtomicBoolean();
    private final AtomicBoolean fxUpdatePending = new AtomicBoolean();
    private final AtomicBoolean chartUpdatePending = new AtomicBoolean();
    private volatile Trainer trainer;
    private volatile MetricsHistory shownHistory = new MetricsHistory();
    private volatile double smoothedRate = Double.NaN;
    /** The message line shows a PREPARING message (cleared when training starts). */
    private boolean preparingMessageShown;
    private RunFilesWriter files;
    private ScheduledFuture<?> chartRefresh;
    private final TrainingListener listener = this::onTrainingEvent;

    public GanViewModel(AppContext ctx) {
        this(ctx, AppDirs.data().resolve("gan").resolve("current"));
    }

    GanViewModel(AppContext ctx, Path runDir) {
        this.ctx = ctx;
        this.i18n = ctx.i18n();
        this.runDir = runDir;
        this.work = ctx.background().work();
        var settings = ctx.settings();
        for (HyperParameterForm.Field f : HyperParameterForm.Field.values()) {
            StringProperty p = settings.stringSetting(f.settingKey, f.defaultText);
            fields.put(f, p);
            p.addListener((obs, old, now) -> validate());
        }
        StringProperty datasetSetting = settings.stringSetting("gan.dataset", "bundled");
        dataset.set(DatasetChoice.decode(datasetSetting.get()));
        dataset.addListener((obs, old, now) -> {
            datasetSetting.set(now.encode());
            validate();
        });
        smoothing = settings.doubleSetting("gan.smoothing", 0.6, 0, 0.99);
        showDReal = settings.booleanSetting("gan.showDReal", false);
        showDFake = settings.booleanSetting("gan.showDFake", false);
        smoothing.addListener((obs, old, now) -> refreshChartSoon());
        showDReal.addListener((obs, old, now) -> refreshChartSoon());
        showDFake.addListener((obs, old, now) -> refreshChartSoon());
        selectedGrid.addListener((obs, old, now) -> showSelectedGrid());
        followLatest.addListener((obs, old, now) -> {
            if (now) {
                selectedGrid.set(timeline.size() - 1);
            }
        });
        i18n.languageProperty().addListener((obs, old, now) -> {
            validate();
            updateTexts();
        });
        validate();
        updateTexts();
        work.execute(this::lookForPreviousRun);
    }

    // ================================================================ properties

    public StringProperty field(HyperParameterForm.Field f) {
        return fields.get(f);
    }

    public ObjectProperty<DatasetChoice> datasetProperty() {
        return dataset;
    }

    public DoubleProperty smoothingProperty() {
        return smoothing;
    }

    public BooleanProperty showDRealProperty() {
        return showDReal;
    }

    public BooleanProperty showDFakeProperty() {
        return showDFake;
    }

    /** Index of the grid shown (the scrubber); set by the view. */
    public IntegerProperty selectedGridProperty() {
        return selectedGrid;
    }

    public BooleanProperty followLatestProperty() {
        return followLatest;
    }

    public ReadOnlyObjectProperty<Phase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty stepProperty() {
        return step.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty targetStepsProperty() {
        return targetSteps.getReadOnlyProperty();
    }

    /** 0..1, or -1 (indeterminate) when the run has no step target. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty imagesPerSecondProperty() {
        return imagesPerSecond.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty datasetInfoProperty() {
        return datasetInfo.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ChartData> chartProperty() {
        return chart.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Image> gridImageProperty() {
        return gridImage.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty gridCaptionProperty() {
        return gridCaption.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty gridCountProperty() {
        return gridCount.getReadOnlyProperty();
    }

    /** The step a previous run can be continued from, or -1. */
    public ReadOnlyLongProperty resumableStepProperty() {
        return resumableStep.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty formValidProperty() {
        return formValid.getReadOnlyProperty();
    }

    /** Field → what is wrong with it, in the current language (absent when fine). Read-only for the view. */
    public ObservableMap<HyperParameterForm.Field, String> fieldErrors() {
        return FXCollections.unmodifiableObservableMap(fieldErrors);
    }

    /** One line for the window's status bar. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public BooleanBinding canStartProperty() {
        return Bindings.createBooleanBinding(() -> !active() && formValid.get() && dataset.get() != null
                && dataset.get().ready(), phase, formValid, dataset);
    }

    public BooleanBinding canContinueProperty() {
        return Bindings.createBooleanBinding(() -> !active() && resumableStep.get() >= 0 && formValid.get(),
                phase, resumableStep, formValid);
    }

    public BooleanBinding canPauseProperty() {
        return phase.isEqualTo(Phase.RUNNING);
    }

    public BooleanBinding canResumeProperty() {
        return phase.isEqualTo(Phase.PAUSED);
    }

    public BooleanBinding canStopProperty() {
        return Bindings.createBooleanBinding(() -> phase.get() == Phase.RUNNING || phase.get() == Phase.PAUSED
                || phase.get() == Phase.PREPARING, phase);
    }

    /** Settings other than learning rates can change only between runs. */
    public BooleanBinding settingsEditableProperty() {
        return Bindings.createBooleanBinding(() -> !active(), phase);
    }

    public BooleanBinding ratesEditableProperty() {
        return Bindings.createBooleanBinding(() -> phase.get() != Phase.PREPARING && phase.get() != Phase.STOPPING,
                phase);
    }

    public BooleanBinding hasGridsProperty() {
        return gridCount.greaterThan(0);
    }

    /** The page's run folder (checkpoints, metrics.jsonl, grids). */
    public Path runDirectory() {
        return runDir;
    }

    private boolean active() {
        Phase p = phase.get();
        return p == Phase.PREPARING || p == Phase.RUNNING || p == Phase.PAUSED || p == Phase.STOPPING;
    }

    // ================================================================ commands

    /** Starts a new run with the current settings (the previous run's folder is kept aside). */
    public void start() {
        HyperParameterForm.Result form = parseForm();
        DatasetChoice choice = dataset.get();
        if (!form.valid() || active() || choice == null || !choice.ready()) {
            return;
        }
        beginPreparing();
        targetSteps.set(form.targetSteps());
        work.execute(() -> launch(false, form.config(), choice, form.targetSteps()));
    }

    /** Continues the run in the page's folder from its newest checkpoint. */
    public void continueRun() {
        HyperParameterForm.Result form = parseForm();
        if (active() || resumableStep.get() < 0 || !form.valid()) {
            return;
        }
        beginPreparing();
        targetSteps.set(form.targetSteps());
        work.execute(() -> launch(true, null, null, form.targetSteps()));
    }

    public void pause() {
        Trainer t = trainer;
        if (t != null) {
            t.pause();
        }
    }

    public void resume() {
        Trainer t = trainer;
        if (t != null) {
            applyLearningRates();
            t.resume();
        }
    }

    public void stop() {
        Trainer t = trainer;
        if (t != null) {
            t.stop();
        }
    }

    /** Sends the learning-rate fields to the running trainer, if they are valid. */
    public void applyLearningRates() {
        Trainer t = trainer;
        Float g = HyperParameterForm.learningRate(fields.get(HyperParameterForm.Field.GEN_LR).get());
        Float d = HyperParameterForm.learningRate(fields.get(HyperParameterForm.Field.DISC_LR).get());
        if (t == null || g == null || d == null) {
            return;
        }
        if (g != t.generatorLearningRate() || d != t.discriminatorLearningRate()) {
            t.setLearningRates(g, d);
            message.set(i18n.get("gan.message.rates", g, d));
        }
    }

    /** Picks an IDX folder or a picture folder (from a chooser or a drop). */
    public void chooseFolder(DatasetChoice.Kind kind, Path folder) {
        dataset.set(new DatasetChoice(kind, folder));
    }

    /** Writes the grid on show as a PNG, in the background. */
    public void exportGrid(Path file) {
        SampleGrid grid = selectedGridValue();
        if (grid == null) {
            return;
        }
        work.execute(() -> report(() -> grid.writePng(file, Math.max(2, grid.defaultScale())),
                i18n.get("gan.export.done", file)));
    }

    /** Writes every grid of the timeline as an animated GIF, in the background. */
    public void exportGif(Path file) {
        List<SampleGrid> grids = timeline.snapshot();
        if (grids.isEmpty()) {
            return;
        }
        work.execute(() -> report(() -> GridAnimation.writeGif(grids, grids.get(0).defaultScale(), 150, file),
                i18n.get("gan.export.done", file)));
    }

    /** Exports the generator of the newest checkpoint as a SavedModel folder, in the background. */
    public void exportGenerator(Path directory) {
        work.execute(() -> {
            try {
                CheckpointStore.Checkpoint c = CheckpointStore.open(runDir);
                try (GeneratorGraph g = GeneratorGraph.fromCheckpoint(c.state().config(), c.modelPrefix())) {
                    g.exportSavedModel(directory);
                }
                notifyUser(AppEvents.Severity.INFO, i18n.get("gan.export.generatorDone", c.step(), directory));
            } catch (IOException | RuntimeException e) {
                log.warn("generator export failed", e);
                notifyUser(AppEvents.Severity.ERROR, i18n.get("gan.export.failed", e.getMessage()));
            }
        });
    }

    /** Stops training (the final checkpoint is written on a thread that outlives the window). */
    @Override
    public void close() {
        Trainer t = trainer;
        if (t != null) {
            Thread finisher = new Thread(() -> {
                t.close();
                closeFiles();
            }, "gan-final-checkpoint");
            finisher.setDaemon(false); // the JVM waits for the final checkpoint before exiting
            finisher.start();
        }
        chartThread.shutdownNow();
    }

    // ================================================================ training lifecycle (background)

    private void beginPreparing() {
        phase.set(Phase.PREPARING);
        message.set("");
        smoothedRate = Double.NaN;
        latestStep.set(null);
        updateTexts();
    }

    private void launch(boolean resume, GanConfig config, DatasetChoice choice, long target) {
        try {
            if (!resume) {
                archivePreviousRun();
                timeline.clear();
                timeline.capacity(GridTimeline.capacityFor(config.architecture().imageSize(),
                        config.architecture().channels()));
                shownHistory = new MetricsHistory();
                gridsChanged.set(true);
            }
            Trainer.Builder builder = Trainer.builder(runDir).targetSteps(target).resume(resume);
            if (!resume) {
                builder.config(config).dataset(choice.toSpec());
            }
            Trainer t = builder.build();
            if (resume) {
                var arch = CheckpointStore.open(runDir).state().config().architecture();
                timeline.capacity(GridTimeline.capacityFor(arch.imageSize(), arch.channels()));
            }
            files = new RunFilesWriter(runDir);
            t.addListener(files, TrainingListener.Delivery.ALL);
            t.addListener(listener, TrainingListener.Delivery.LATEST);
            trainer = t;
            shownHistory = t.history();
            t.start();
            Platform.runLater(this::startChartRefresh);
        } catch (IOException | RuntimeException e) {
            log.warn("could not start GAN training", e);
            latestState.set(TrainerState.FAILED);
            latestMessage.set(i18n.get("gan.message.failed", e.getMessage()));
            scheduleFxUpdate();
        }
    }

    private void archivePreviousRun() throws IOException {
        if (!Files.exists(runDir)) {
            return;
        }
        try (Stream<Path> content = Files.list(runDir)) {
            if (content.findAny().isEmpty()) {
                return;
            }
        }
        Path archive = runDir.resolveSibling("runs").resolve(
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(archive.getParent());
        Files.move(runDir, archive);
        latestMessage.set(i18n.get("gan.message.archived", archive));
    }

    /** On the trainer's delivery thread: keep the latest of everything and ask for one FX update. */
    private void onTrainingEvent(TrainingEvent event) {
        if (event instanceof TrainingEvent.Step s) {
            latestStep.set(s);
            double r = smoothedRate;
            smoothedRate = Double.isNaN(r) ? s.imgsPerSec() : 0.9 * r + 0.1 * s.imgsPerSec();
        } else if (event instanceof TrainingEvent.Samples s) {
            timeline.add(s.grid());
            gridsChanged.set(true);
        } else if (event instanceof TrainingEvent.StateChanged c) {
            latestState.set(c.state());
            if (c.state() == TrainerState.PREPARING || c.message().startsWith("could not")) {
                latestMessage.set(c.message());
                preparingMessageShown = c.state() == TrainerState.PREPARING;
            } else if (c.state() == TrainerState.RUNNING && preparingMessageShown) {
                // "loading …" is over once steps run; a "could not …" stays until something replaces it.
                latestMessage.set("");
                preparingMessageShown = false;
            }
            if (c.state().isFinal()) {
                finishRun();
            }
        } else if (event instanceof TrainingEvent.DatasetLoaded d) {
            String text = i18n.get("gan.data.loaded", d.description(), d.images());
            if (!d.skipped().isEmpty()) {
                text += "\n" + i18n.get("gan.data.skipped", d.skipped().size(), d.skipped().stream()
                        .limit(3).map(ImageDataset.SkippedFile::file).reduce((a, b) -> a + ", " + b).orElse(""));
            }
            latestDataset.set(text);
        } else if (event instanceof TrainingEvent.Diverged d) {
            String text = i18n.get("gan.message.diverged", d.restoredStep());
            latestMessage.set(text);
            notifyUser(AppEvents.Severity.WARNING, text);
        } else if (event instanceof TrainingEvent.Failed f) {
            String text = i18n.get("gan.message.failed", f.message());
            latestMessage.set(text);
            notifyUser(AppEvents.Severity.ERROR, text);
        } else if (event instanceof TrainingEvent.Fid) {
            refreshChartSoon();
        }
        scheduleFxUpdate();
    }

    private void finishRun() {
        Trainer t = trainer;
        work.execute(() -> {
            if (t != null) {
                t.close();
            }
            closeFiles();
            refreshChartSoon();
            lookForPreviousRun();
        });
    }

    private synchronized void closeFiles() {
        if (files != null) {
            try {
                files.close();
            } catch (IOException e) {
                log.warn("could not close the run files", e);
            }
            files = null;
        }
    }

    /** At start-up and after a run: is there a checkpoint to continue from? Shows its curves and grids. */
    private void lookForPreviousRun() {
        try {
            Optional<CheckpointStore.Checkpoint> latest = new CheckpointStore(runDir.resolve("checkpoints")).latest();
            if (latest.isEmpty()) {
                Platform.runLater(() -> resumableStep.set(-1));
                return;
            }
            CheckpointStore.Checkpoint c = latest.get();
            if (trainer == null) {
                shownHistory = c.readHistory();
                loadGridFiles(c.state().config());
                latestStep.compareAndSet(null, shownHistory.size() > 0
                        ? shownHistory.get(shownHistory.size() - 1) : null);
            }
            long resumable = c.step();
            Platform.runLater(() -> {
                resumableStep.set(resumable);
                if (trainer == null && step.get() == 0) {
                    step.set(resumable);
                }
                updateTexts();
            });
            refreshChartSoon();
            scheduleFxUpdate();
        } catch (IOException | RuntimeException e) {
            log.warn("could not read the previous GAN run in {}", runDir, e);
        }
    }

    private void loadGridFiles(GanConfig config) throws IOException {
        if (timeline.size() > 0 || !Files.isDirectory(runDir)) {
            return;
        }
        List<Path> pngs;
        try (Stream<Path> list = Files.list(runDir)) {
            pngs = list.filter(p -> GRID_FILE.matcher(p.getFileName().toString()).matches())
                    .sorted((a, b) -> Long.compare(stepOf(a), stepOf(b))).toList();
        }
        int size = config.architecture().imageSize();
        int channels = config.architecture().channels();
        int scale = size < 48 ? 2 : 1;
        timeline.capacity(GridTimeline.capacityFor(size, channels));
        for (Path png : pngs) {
            try {
                var image = javax.imageio.ImageIO.read(png.toFile());
                if (image != null) {
                    timeline.add(SampleGrid.fromImage(stepOf(png), image, 8, 8, size, channels, scale));
                }
            } catch (IOException | IllegalArgumentException e) {
                log.debug("skipping grid file {}: {}", png, e.getMessage());
            }
        }
        gridsChanged.set(true);
    }

    private static long stepOf(Path png) {
        Matcher m = GRID_FILE.matcher(png.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    // ================================================================ FX updates

    private void scheduleFxUpdate() {
        if (fxUpdatePending.compareAndSet(false, true)) {
            Platform.runLater(() -> {
                fxUpdatePending.set(false);
                applyUpdate();
            });
        }
    }

    private void applyUpdate() {
        TrainerState s = latestState.getAndSet(null);
        if (s != null) {
            phase.set(switch (s) {
                case NEW, PREPARING -> Phase.PREPARING;
                case RUNNING -> Phase.RUNNING;
                case PAUSED -> Phase.PAUSED;
                case STOPPING -> Phase.STOPPING;
                case STOPPED -> Phase.STOPPED;
                case FAILED -> Phase.FAILED;
            });
            if (s.isFinal()) {
                stopChartRefresh();
            }
        }
        String m = latestMessage.getAndSet(null);
        if (m != null) {
            message.set(m);
        }
        String d = latestDataset.getAndSet(null);
        if (d != null) {
            datasetInfo.set(d);
        }
        TrainingEvent.Step last = latestStep.get();
        if (last != null) {
            step.set(last.step());
            imagesPerSecond.set(smoothedRate);
        }
        if (gridsChanged.getAndSet(false)) {
            int n = timeline.size();
            gridCount.set(n);
            if (followLatest.get() || selectedGrid.get() >= n || selectedGrid.get() < 0) {
                if (selectedGrid.get() == n - 1) {
                    showSelectedGrid();
                } else {
                    selectedGrid.set(n - 1);
                }
            }
        }
        updateTexts();
    }

    private void showSelectedGrid() {
        SampleGrid grid = selectedGridValue();
        if (grid == null) {
            gridImage.set(null);
            gridCaption.set(i18n.get("gan.grid.none"));
            return;
        }
        followLatest.set(selectedGrid.get() == timeline.size() - 1);
        gridImage.set(FxImages.of(grid, grid.defaultScale()));
        gridCaption.set(i18n.get("gan.grid.step", grid.step(), selectedGrid.get() + 1, timeline.size()));
    }

    private SampleGrid selectedGridValue() {
        int i = selectedGrid.get();
        return i >= 0 && i < timeline.size() ? timeline.get(i) : null;
    }

    private void updateTexts() {
        long s = step.get();
        long target = targetSteps.get();
        boolean running = phase.get() == Phase.RUNNING;
        progress.set(target > 0 ? Math.min(1.0, (double) s / target) : (running ? -1 : 0));
        String position = target > 0 ? i18n.get("gan.progress.steps", s, target) : i18n.get("gan.progress.open", s);
        StringBuilder text = new StringBuilder(position);
        double rate = imagesPerSecond.get();
        if (running && rate > 0) {
            GanConfig config = trainer == null ? null : trainer.config();
            int batch = config == null ? 64 : config.batchSize();
            text.append(" · ").append(i18n.get("gan.progress.speed", Math.round(rate),
                    String.format("%.1f", rate / batch)));
            if (target > s) {
                text.append(" · ").append(i18n.get("gan.progress.eta", duration((target - s) * batch / rate)));
            }
        }
        progressText.set(text.toString());
        if (gridImage.get() == null) {
            gridCaption.set(i18n.get("gan.grid.none"));
        }
        status.set(i18n.get("gan.status", i18n.get("gan.phase." + phase.get().name()), position));
    }

    static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "?";
        }
        long t = Math.round(seconds);
        return t >= 3600 ? String.format("%dh%02dm", t / 3600, (t % 3600) / 60)
                : t >= 60 ? String.format("%dm%02ds", t / 60, t % 60) : t + "s";
    }

    // ================================================================ charts (background)

    private void startChartRefresh() {
        stopChartRefresh();
        chartRefresh = chartThread.scheduleWithFixedDelay(this::computeChart, 0, CHART_PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    private void stopChartRefresh() {
        if (chartRefresh != null) {
            chartRefresh.cancel(false);
            chartRefresh = null;
        }
        refreshChartSoon();
    }

    private void refreshChartSoon() {
        if (!chartThread.isShutdown()) {
            chartThread.execute(this::computeChart);
        }
    }

    /** On the chart thread: decimate the curves, then hand them to the FX thread (one pending hand-off at most). */
    private void computeChart() {
        try {
            double smooth = smoothing.get();
            ChartData data = ChartData.of(shownHistory, smooth, showDReal.get(), showDFake.get());
            pendingChart.set(data);
            if (chartUpdatePending.compareAndSet(false, true)) {
                Platform.runLater(() -> {
                    chartUpdatePending.set(false);
                    ChartData latest = pendingChart.getAndSet(null);
                    if (latest != null) {
                        chart.set(latest);
                    }
                });
            }
        } catch (RuntimeException e) {
            log.warn("chart refresh failed", e);
        }
    }

    private final AtomicReference<ChartData> pendingChart = new AtomicReference<>();

    // ================================================================ helpers

    private HyperParameterForm.Result parseForm() {
        Map<HyperParameterForm.Field, String> text = new EnumMap<>(HyperParameterForm.Field.class);
        fields.forEach((f, p) -> text.put(f, p.get()));
        DatasetChoice choice = dataset.get();
        return HyperParameterForm.parse(text, choice == null ? dev.halfday.engine.gan.Architecture.GREY_28
                : choice.architecture());
    }

    private void validate() {
        HyperParameterForm.Result r = parseForm();
        fieldErrors.clear();
        r.problems().forEach((f, p) -> fieldErrors.put(f, i18n.get(p.key(), p.args())));
        formValid.set(r.valid());
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private void report(IoAction action, String done) {
        try {
            action.run();
            notifyUser(AppEvents.Severity.INFO, done);
        } catch (IOException | RuntimeException e) {
            log.warn("export failed", e);
            notifyUser(AppEvents.Severity.ERROR, i18n.get("gan.export.failed", e.getMessage()));
        }
    }

    private void notifyUser(AppEvents.Severity severity, String text) {
        ctx.events().publish(new AppEvents.Notify(severity, text));
    }

    /** True if Debian's full Fashion-MNIST is installed (offered in the chooser). */
    static Optional<Path> installedFashionMnist() {
        return FashionMnist.installed();
    }

    /** For tests: the trainer of the current run, if any. */
    Trainer trainer() {
        return trainer;
    }

    /** The observable for the view's status bar. */
    ObservableValue<String> statusText() {
        return status;
    }
}
