package dev.halfday.engine.cli;

import dev.halfday.engine.gan.data.ImageDataset;
import dev.halfday.engine.gan.train.TrainerState;
import dev.halfday.engine.gan.train.TrainingEvent;
import dev.halfday.engine.gan.train.TrainingListener;
import java.io.PrintStream;

/**
 * The live progress line of {@code train-gan} on stderr: step, images/s, ETA, D and G loss, latest FID. On a
 * terminal it redraws one line in place up to five times a second; otherwise (a log file, CI) it prints a
 * plain line every ten seconds. Messages (dataset, checkpoints, divergence) get lines of their own.
 */
final class GanProgressBar implements TrainingListener {

    private static final int BAR = 24;

    private final PrintStream out;
    private final boolean tty;
    private final long target;
    private final java.util.function.IntSupplier batch;
    private final long intervalNanos;
    private long lastDraw;
    private double rate = Double.NaN;
    private String fid = "–";
    private boolean lineOpen;
    private TrainingEvent.Step last;
    private TrainingEvent.Step drawn;

    GanProgressBar(PrintStream out, boolean tty, long targetSteps, java.util.function.IntSupplier batch) {
        this.out = out;
        this.batch = batch;
        this.tty = tty;
        this.target = targetSteps;
        this.intervalNanos = tty ? 200_000_000L : 10_000_000_000L;
    }

    @Override
    public synchronized void onEvent(TrainingEvent event) {
        if (event instanceof TrainingEvent.Step s) {
            rate = Double.isNaN(rate) ? s.imgsPerSec() : 0.95 * rate + 0.05 * s.imgsPerSec();
            last = s;
            long now = System.nanoTime();
            if (now - lastDraw >= intervalNanos || (target > 0 && s.step() == target)) {
                lastDraw = now;
                draw();
            }
        } else if (event instanceof TrainingEvent.Fid f && f.measured()) {
            fid = String.format("%.2f @%d", f.fid(), f.step());
            if (f.step() == 0) {
                message(String.format("FID of the untrained generator: %.2f", f.fid()));
            }
        } else if (event instanceof TrainingEvent.DatasetLoaded d) {
            message("dataset: " + d.description() + ", " + d.images() + " images");
            if (!d.skipped().isEmpty()) {
                message(d.skipped().size() + " file(s) skipped:");
                for (ImageDataset.SkippedFile f : d.skipped()) {
                    message("  " + f.file() + ": " + f.reason());
                }
            }
        } else if (event instanceof TrainingEvent.Diverged d) {
            message(d.message());
        } else if (event instanceof TrainingEvent.Failed f) {
            message("training failed: " + f.message());
        } else if (event instanceof TrainingEvent.StateChanged c) {
            if (c.state() == TrainerState.STOPPED || c.state() == TrainerState.PREPARING
                    || c.message().startsWith("could not") || c.message().startsWith("learning rates")) {
                if (c.state() == TrainerState.STOPPED && last != null && last != drawn) {
                    draw();
                }
                message(c.message());
            }
        }
    }

    private void draw() {
        TrainingEvent.Step s = last;
        drawn = s;
        StringBuilder line = new StringBuilder();
        if (target > 0) {
            double done = Math.min(1.0, (double) s.step() / target);
            int filled = (int) Math.round(done * BAR);
            line.append('[').append("#".repeat(filled)).append(".".repeat(BAR - filled)).append("] ");
            line.append(String.format("step %d/%d", s.step(), target));
        } else {
            line.append("step ").append(s.step());
        }
        line.append(String.format("  %.0f img/s", rate));
        if (target > 0 && rate > 0) {
            line.append("  ETA ").append(duration((target - s.step()) * (double) batch.getAsInt() / rate));
        }
        line.append(String.format("  D %.3f  G %.3f  D(x) %.2f  D(G(z)) %.2f  FID %s", s.dLoss(), s.gLoss(),
                s.dReal(), s.dFake(), fid));
        if (tty) {
            out.print("\r" + line + "\u001b[K");
            lineOpen = true;
        } else {
            out.println(line);
        }
        out.flush();
    }

    private void message(String text) {
        if (lineOpen) {
            out.println();
            lineOpen = false;
        }
        out.println(text);
        out.flush();
    }

    static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "?";
        }
        long s = Math.round(seconds);
        if (s >= 3600) {
            return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
        }
        return s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
