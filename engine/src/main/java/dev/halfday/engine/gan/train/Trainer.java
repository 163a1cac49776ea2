package dev.halfday.engine.gan.train;

import dev.halfday.engine.gan.GanConfig;
import dev.halfday.engine.gan.data.BatchSampler;
import dev.halfday.engine.gan.data.DatasetSpec;
import dev.halfday.engine.gan.data.ImageDataset;
import dev.halfday.engine.gan.fid.FidEvaluator;
import dev.halfday.engine.gan.model.GeneratorWeights;
import dev.halfday.engine.gan.model.StepMetrics;
import dev.halfday.engine.gan.model.TrainingGraph;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a DCGAN on a background thread and reports as it goes.
 *
 * <p>Control: {@link #start}, {@link #pause}, {@link #resume}, {@link #stop} and {@link #setLearningRates}
 * may be called from any thread and take effect before the next step (at most one step later). Pausing and
 * stopping write a checkpoint; stopping (or reaching the target) also draws a final grid.
 *
 * <p>Events go to each listener through its own mailbox and delivery thread ({@link TrainingListener}); the
 * training thread never waits for a listener. The full curves are in {@link #history()} at any time.
 *
 * <p>Divergence guard: when a step's loss is NaN or infinite, the step is discarded, the newest checkpoint
 * (all of which were saved from finite states) is restored, a {@link TrainingEvent.Diverged} event says so and
 * training pauses; lower the learning rate and resume.
 *
 * <p>Files in the run folder: {@code checkpoints/} (see {@link CheckpointStore}); grids and metrics files are
 * written by listeners such as {@link RunFilesWriter}.
 */
public final class Trainer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Trainer.class);

    /** How to set up a run. Build with {@link Trainer#builder(Path)}. */
    public static final class Builder {
        private final Path runDirectory;
        private GanConfig config;
        private DatasetSpec dataset;
        private ImageDataset preloaded;
        private long targetSteps;
        private boolean resume;
        private int keepCheckpoints = 3;
        private Supplier<FidEvaluator> fid = FidEvaluator::withBundledClassifier;

        private Builder(Path runDirectory) {
            this.runDirectory = Objects.requireNonNull(runDirectory);
        }

        /** Settings for a new run (ignored when resuming: the checkpoint's settings are used). */
        public Builder config(GanConfig value) {
            config = value;
            return this;
        }

        /** The images to train on. When resuming, defaults to the checkpoint's dataset. */
        public Builder dataset(DatasetSpec value) {
            dataset = value;
            return this;
        }

        /** Train on images already in memory (tests, benchmarks); {@code spec} is what checkpoints record. */
        public Builder dataset(DatasetSpec spec, ImageDataset images) {
            dataset = spec;
            preloaded = images;
            return this;
        }

        /** Stop after this many steps in total (0 = until stopped). */
        public Builder targetSteps(long value) {
            targetSteps = value;
            return this;
        }

        /** Continue from the newest checkpoint in the run folder if there is one. */
        public Builder resume(boolean value) {
            resume = value;
            return this;
        }

        public Builder keepCheckpoints(int value) {
            keepCheckpoints = Math.max(1, value);
            return this;
        }

        /** Where FID measurements come from (created when the trainer starts, closed when it ends). */
        public Builder fidEvaluator(Supplier<FidEvaluator> value) {
            fid = value;
            return this;
        }

        public Trainer build() {
            if (!resume && config == null) {
                throw new IllegalArgumentException("a new run needs its settings");
            }
            if (!resume && dataset == null) {
                throw new IllegalArgumentException("a new run needs a dataset");
            }
            return new Trainer(this);
        }
    }

    private enum Command {
        RUN, PAUSE, STOP
    }

    private final Builder options;
    private final CheckpointStore checkpoints;
    private final MetricsHistory history = new MetricsHistory();
    private final List<EventMailbox> mailboxes = new CopyOnWriteArrayList<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Object control = new Object();
    private Command command = Command.RUN;
    private volatile TrainerState state = TrainerState.NEW;
    private volatile long step;
    private volatile GanConfig config;
    private volatile float generatorRate;
    private volatile float discriminatorRate;
    private volatile boolean injectDivergence;
    private volatile String failure;
    private Thread thread;

    // Owned by the training thread.
    private TrainingGraph graph;
    private FidEvaluator fid;
    private float[] fixedNoise;
    private String datasetText;
    private long lastCheckpointStep = -1;
    private long lastGridStep = -1;
    private double trainingSeconds;

    private Trainer(Builder options) {
        this.options = options;
        this.checkpoints = new CheckpointStore(options.runDirectory.resolve("checkpoints"));
        this.config = options.config;
        if (options.config != null) {
            generatorRate = options.config.generatorLearningRate();
            discriminatorRate = options.config.discriminatorLearningRate();
        }
    }

    public static Builder builder(Path runDirectory) {
        return new Builder(runDirectory);
    }

    /** Adds a listener; it receives events from now on, on a thread of its own. */
    public void addListener(TrainingListener listener, TrainingListener.Delivery delivery) {
        mailboxes.add(new EventMailbox(listener, delivery, "gan-events-" + mailboxes.size()));
    }

    public void removeListener(TrainingListener listener) {
        for (EventMailbox m : mailboxes) {
            if (m.listener() == listener) {
                mailboxes.remove(m);
                m.closeNow();
            }
        }
    }

    /** Step events dropped so far for {@code listener} because it lagged (LATEST delivery only). */
    public long droppedEvents(TrainingListener listener) {
        return mailboxes.stream().filter(m -> m.listener() == listener).mapToLong(EventMailbox::dropped).sum();
    }

    /** Starts training on a new thread. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("this trainer was already started");
        }
        thread = new Thread(this::run, "gan-trainer");
        thread.setDaemon(true);
        state = TrainerState.PREPARING;
        thread.start();
    }

    /** Pauses after the current step (and checkpoints). */
    public void pause() {
        setCommand(Command.PAUSE);
    }

    public void resume() {
        setCommand(Command.RUN);
    }

    /** Stops after the current step; the final grid and checkpoint are written before the state is STOPPED. */
    public void stop() {
        setCommand(Command.STOP);
    }

    /** New learning rates, used from the next step on. */
    public void setLearningRates(float generator, float discriminator) {
        if (!GanConfig.isUsableLearningRate(generator) || !GanConfig.isUsableLearningRate(discriminator)) {
            throw new IllegalArgumentException("learning rates must be above 0 and at most 1");
        }
        generatorRate = generator;
        discriminatorRate = discriminator;
        post(new TrainingEvent.StateChanged(step, state,
                String.format("learning rates now G %.2g, D %.2g", generator, discriminator)));
    }

    public float generatorLearningRate() {
        return generatorRate;
    }

    public float discriminatorLearningRate() {
        return discriminatorRate;
    }

    public TrainerState state() {
        return state;
    }

    /** Training steps completed. */
    public long step() {
        return step;
    }

    /** The run's settings (from the checkpoint when resumed; null until known). */
    public GanConfig config() {
        return config;
    }

    /** Total steps this run aims for (0 = until stopped). */
    public long targetSteps() {
        return options.targetSteps;
    }

    public Path runDirectory() {
        return options.runDirectory;
    }

    /** Every step's measurements and every FID so far; safe to read while training. */
    public MetricsHistory history() {
        return history;
    }

    /** Why training failed, if it did. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** Waits for the training thread to end; true if it did within the timeout. */
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return finished.await(timeout, unit);
    }

    /** Waits until every event posted so far has been handed to every listener. */
    public boolean awaitEventsDelivered(long timeoutMs) throws InterruptedException {
        boolean all = true;
        for (EventMailbox m : mailboxes) {
            all &= m.awaitDrained(timeoutMs);
        }
        return all;
    }

    /** Stops (if running), waits for the final checkpoint, and delivers the last events. */
    @Override
    public void close() {
        stop();
        try {
            if (thread != null && !finished.await(5, TimeUnit.MINUTES)) {
                log.warn("the training thread did not end within 5 minutes");
            }
            awaitEventsDelivered(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (EventMailbox m : mailboxes) {
            m.closeAfterDrain(1000);
        }
        mailboxes.clear();
    }

    /**
     * Fault injection for tests: the next step trains with a NaN learning rate, which makes the weights NaN
     * exactly as a diverging run does; the step after it reports NaN losses and the guard must act.
     */
    void injectDivergence() {
        injectDivergence = true;
    }

    // ---------------------------------------------------------------- training thread

    private void run() {
        try {
            ImageDataset dataset = prepare();
            if (dataset != null) {
                loop(new BatchSampler(dataset, config.batchSize(), config.seed()));
                finish();
            }
        } catch (Throwable t) {
            if (t instanceof IOException) {
                log.warn("GAN training stopped: {}", t.getMessage()); // a plain-words problem with files or data
            } else {
                log.error("GAN training failed", t);
            }
            failure = t.getMessage() == null ? t.toString() : t.getMessage();
            state = TrainerState.FAILED;
            post(new TrainingEvent.Failed(step, failure));
            post(new TrainingEvent.StateChanged(step, TrainerState.FAILED, failure));
        } finally {
            if (graph != null) {
                graph.close();
            }
            if (fid != null) {
                fid.close();
            }
            finished.countDown();
        }
    }

    /** Loads data, builds the graph, restores or initialises; null if stopped meanwhile. */
    private ImageDataset prepare() throws IOException {
        Optional<CheckpointStore.Checkpoint> resumeFrom = options.resume ? checkpoints.latest() : Optional.empty();
        if (!options.resume && checkpoints.latest().isPresent()) {
            throw new IOException(options.runDirectory + " already holds a run; resume it or choose another folder");
        }
        DatasetSpec spec = options.dataset;
        if (resumeFrom.isPresent()) {
            RunState saved = resumeFrom.get().state();
            config = saved.config();
            if (spec == null) {
                spec = DatasetSpec.parse(saved.dataset());
            } else if (spec.architecture() != config.architecture()) {
                throw new IOException("the checkpoint was trained on " + saved.dataset()
                        + "; " + spec.text() + " needs another network shape");
            }
        } else if (config == null) {
            throw new IOException("nothing to resume in " + options.runDirectory + " and no settings for a new run");
        }
        config.validate();
        datasetText = spec.text();
        changeState(TrainerState.PREPARING, "loading " + spec.text());
        ImageDataset dataset = options.preloaded != null ? options.preloaded : spec.load(new ProgressThrottle());
        if (dataset.channels() != config.architecture().channels()
                || dataset.width() != config.architecture().imageSize()) {
            throw new IOException("the dataset's images are " + dataset.width() + "×" + dataset.height() + "×"
                    + dataset.channels() + "; this network needs " + config.architecture().imageSize() + "×"
                    + config.architecture().imageSize() + "×" + config.architecture().channels());
        }
        post(new TrainingEvent.DatasetLoaded(step, dataset.description(), dataset.size(), dataset.skipped()));
        graph = TrainingGraph.create(config);
        if (config.fidEvery() > 0 && options.fid != null) {
            fid = options.fid.get();
        }
        if (resumeFrom.isPresent()) {
            CheckpointStore.Checkpoint c = resumeFrom.get();
            graph.restore(c.modelPrefix());
            RunState saved = c.state();
            history.replaceWith(c.readHistory());
            step = saved.step();
            fixedNoise = saved.fixedNoise();
            generatorRate = saved.generatorLearningRate();
            discriminatorRate = saved.discriminatorLearningRate();
            trainingSeconds = saved.trainingSeconds();
            lastCheckpointStep = step;
            changeState(TrainerState.PREPARING, "resumed from the checkpoint of step " + step);
            postGrid();
        } else {
            fixedNoise = RunState.fixedNoiseFor(config);
            postGrid();
            if (fid != null) {
                scheduleFid();
            }
            checkpoint();
        }
        return dataset;
    }

    private void loop(BatchSampler sampler) {
        byte[] batch = new byte[sampler.batchBytes()];
        long lastEnd = System.nanoTime();
        while (true) {
            Command c = awaitCommand();
            if (c == Command.STOP) {
                return;
            }
            if (c == null) {
                lastEnd = System.nanoTime(); // paused: the pause is not training time
                continue;
            }
            if (options.targetSteps > 0 && step >= options.targetSteps) {
                return;
            }
            sampler.fill(step, batch);
            if (injectDivergence) {
                injectDivergence = false;
                graph.poisonNextStep();
            }
            StepMetrics m = graph.step(step, batch, generatorRate, discriminatorRate);
            long now = System.nanoTime();
            if (!m.isFinite()) {
                handleDivergence(step + 1, m);
                lastEnd = System.nanoTime();
                continue;
            }
            double seconds = (now - lastEnd) / 1e9;
            lastEnd = now;
            trainingSeconds += seconds;
            step++;
            if (fid != null && step % config.fidEvery() == 0) {
                scheduleFid();
            }
            TrainingEvent.Step e = new TrainingEvent.Step(step, m.dLoss(), m.gLoss(), m.dReal(), m.dFake(),
                    (float) (config.batchSize() / seconds));
            history.append(e);
            post(e);
            if (config.sampleEvery() > 0 && step % config.sampleEvery() == 0) {
                postGrid();
            }
            if (config.checkpointEvery() > 0 && step % config.checkpointEvery() == 0) {
                checkpoint();
            }
        }
    }

    /**
     * Returns RUN or STOP; on PAUSE checkpoints, waits until the command changes and returns null so the
     * loop re-reads it.
     */
    private Command awaitCommand() {
        Command c;
        synchronized (control) {
            c = command;
        }
        if (c != Command.PAUSE) {
            if (state != TrainerState.RUNNING) {
                changeState(TrainerState.RUNNING, step == 0 ? "training" : "training from step " + step);
            }
            return c;
        }
        if (state != TrainerState.PAUSED) {
            if (lastCheckpointStep != step) {
                checkpoint();
            }
            changeState(TrainerState.PAUSED, "paused at step " + step);
        }
        synchronized (control) {
            while (command == Command.PAUSE) {
                try {
                    control.wait();
                } catch (InterruptedException e) {
                    command = Command.STOP;
                }
            }
        }
        return null;
    }

    private void handleDivergence(long failedStep, StepMetrics m) {
        String what = String.format("D loss %s, G loss %s", m.dLoss(), m.gLoss());
        try {
            CheckpointStore.Checkpoint good = checkpoints.latest().orElseThrow(() ->
                    new IOException("no checkpoint to go back to"));
            graph.restore(good.modelPrefix());
            step = good.step();
            history.truncateAfter(step);
            trainingSeconds = good.state().trainingSeconds();
            lastCheckpointStep = step;
            String message = "training diverged at step " + failedStep + " (" + what
                    + "); restored the checkpoint of step " + step + " and paused. Lower the learning rate and resume.";
            log.warn(message);
            synchronized (control) {
                if (command == Command.RUN) {
                    command = Command.PAUSE;
                }
            }
            post(new TrainingEvent.Diverged(step, failedStep, step, message));
            changeState(TrainerState.PAUSED, message);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("training diverged at step " + failedStep + " (" + what
                    + ") and the last checkpoint could not be restored: " + e.getMessage(), e);
        }
    }

    private void finish() {
        changeState(TrainerState.STOPPING, "finishing at step " + step);
        if (lastGridStep != step) {
            postGrid();
        }
        if (fid != null) {
            try {
                if (!fid.awaitIdle(3, TimeUnit.MINUTES)) {
                    log.warn("FID measurements still running at the end; the final checkpoint may lack them");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        checkpoint();
        String why = options.targetSteps > 0 && step >= options.targetSteps
                ? "finished: " + step + " steps" : "stopped at step " + step;
        changeState(TrainerState.STOPPED, why);
    }

    private void postGrid() {
        int size = config.architecture().imageSize();
        float[] images = graph.sample(fixedNoise, GanConfig.GRID_SAMPLES);
        lastGridStep = step;
        post(new TrainingEvent.Samples(step, SampleGrid.fromGenerator(step, 8, 8, size,
                config.architecture().channels(), images)));
    }

    private void scheduleFid() {
        GeneratorWeights weights = graph.snapshotGenerator(step);
        post(new TrainingEvent.FidScheduled(step));
        fid.submit(weights, m -> {
            if (!Double.isNaN(m.fid()) && m.step() <= step) {
                history.addFid(m.step(), m.fid());
            }
            post(new TrainingEvent.Fid(m.step(), m.fid(), m.millis()));
        });
    }

    private void checkpoint() {
        try {
            RunState runState = new RunState(RunState.FORMAT, step, config, datasetText, generatorRate,
                    discriminatorRate, fixedNoise, trainingSeconds, Instant.now().toString());
            Path dir = checkpoints.save(runState, history, prefix -> graph.save(prefix));
            lastCheckpointStep = step;
            checkpoints.prune(options.keepCheckpoints);
            post(new TrainingEvent.CheckpointSaved(step, dir));
        } catch (IOException | RuntimeException e) {
            // Earlier checkpoints are intact (saves are atomic); keep training and say so.
            log.warn("checkpoint at step {} failed", step, e);
            post(new TrainingEvent.StateChanged(step, state, "could not save the checkpoint of step " + step
                    + ": " + e.getMessage()));
        }
    }

    private void changeState(TrainerState next, String message) {
        state = next;
        post(new TrainingEvent.StateChanged(step, next, message));
    }

    private void setCommand(Command next) {
        synchronized (control) {
            if (command == Command.STOP) {
                return;
            }
            command = next;
            control.notifyAll();
        }
    }

    private void post(TrainingEvent event) {
        for (EventMailbox m : mailboxes) {
            m.post(event);
        }
    }

    /** Turns dataset loading progress into a state message at most every half second. */
    private final class ProgressThrottle implements dev.halfday.engine.gan.data.ImageFolderDataset.Progress {
        private long last;

        @Override
        public void loaded(int done, int total) {
            long now = System.nanoTime();
            if (now - last > 500_000_000L || done == total) {
                last = now;
                post(new TrainingEvent.StateChanged(step, TrainerState.PREPARING,
                        "loading pictures: " + done + " of " + total));
            }
        }
    }
}
