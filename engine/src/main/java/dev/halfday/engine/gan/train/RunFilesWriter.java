package dev.halfday.engine.gan.train;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.halfday.engine.util.AtomicFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a run's files as events arrive (register it with {@link TrainingListener.Delivery#ALL}):
 * <ul>
 *   <li>{@code metrics.jsonl}: one JSON object per training step,
 *       {@code {"step":…,"dLoss":…,"gLoss":…,"dReal":…,"dFake":…,"imgsPerSec":…}}, plus {@code "fid"} on the
 *       steps where FID was measured. FID is measured off the training thread and lands a few seconds later,
 *       so lines from a measured step on are held back until its result arrives.</li>
 *   <li>{@code fid.csv}: every FID measurement, including the untrained generator's at step 0.</li>
 *   <li>{@code grid-<step>.png}: each sample grid.</li>
 * </ul>
 * When training goes back to an earlier step (a resumed run, the divergence guard), lines after that step are
 * removed, so the file always describes the run that the checkpoints hold.
 */
public final class RunFilesWriter implements TrainingListener, AutoCloseable {

    public static final String METRICS = "metrics.jsonl";
    public static final String FID_CSV = "fid.csv";
    private static final Pattern STEP = Pattern.compile("^\\{\"step\":(\\d+)");
    private static final JsonFactory JSON = new JsonFactory();
    private static final Logger log = LoggerFactory.getLogger(RunFilesWriter.class);

    private final Path directory;
    private final Path metricsFile;
    private final TreeMap<Long, Double> fids = new TreeMap<>();
    private final TreeSet<Long> pendingFids = new TreeSet<>();
    private final Deque<TrainingEvent.Step> held = new ArrayDeque<>();
    private final Map<Long, Double> heldFid = new TreeMap<>();
    private BufferedWriter metrics;
    private long lastWrittenStep;
    private long lastFlush;

    public RunFilesWriter(Path directory) throws IOException {
        this.directory = directory;
        this.metricsFile = directory.resolve(METRICS);
        Files.createDirectories(directory);
        lastWrittenStep = lastStepIn(metricsFile);
        readFidCsv();
    }

    @Override
    public synchronized void onEvent(TrainingEvent event) {
        try {
            if (event instanceof TrainingEvent.Step s) {
                onStep(s);
            } else if (event instanceof TrainingEvent.FidScheduled f) {
                pendingFids.add(f.step());
            } else if (event instanceof TrainingEvent.Fid f) {
                onFid(f);
            } else if (event instanceof TrainingEvent.Samples s) {
                s.grid().writePng(directory.resolve("grid-" + s.step() + ".png"), s.grid().defaultScale());
            } else if (event instanceof TrainingEvent.Diverged d) {
                rewind(d.restoredStep());
            } else if (event instanceof TrainingEvent.StateChanged c
                    && (c.state().isFinal() || c.state() == TrainerState.PAUSED)) {
                if (c.state().isFinal()) {
                    pendingFids.clear();
                }
                release();
                flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run files in " + directory, e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        pendingFids.clear();
        release();
        if (metrics != null) {
            metrics.close();
            metrics = null;
        }
    }

    private void onStep(TrainingEvent.Step s) throws IOException {
        if (s.step() <= lastWrittenStep || (!held.isEmpty() && s.step() <= held.peekLast().step())) {
            rewind(s.step() - 1);
        }
        if (!pendingFids.isEmpty() && s.step() >= pendingFids.first()) {
            held.addLast(s);
        } else {
            write(s, Double.NaN);
        }
        long now = System.nanoTime();
        if (now - lastFlush > 1_000_000_000L) {
            flush();
            lastFlush = now;
        }
    }

    private void onFid(TrainingEvent.Fid f) throws IOException {
        pendingFids.remove(f.step());
        if (f.measured()) {
            fids.put(f.step(), f.fid());
            heldFid.put(f.step(), f.fid());
            writeFidCsv();
        }
        release();
        flush();
    }

    /** Writes held lines that no longer wait for an FID. */
    private void release() throws IOException {
        while (!held.isEmpty() && (pendingFids.isEmpty() || held.peekFirst().step() < pendingFids.first())) {
            TrainingEvent.Step s = held.removeFirst();
            Double fid = heldFid.remove(s.step());
            write(s, fid == null ? Double.NaN : fid);
        }
        heldFid.keySet().removeIf(step -> step <= lastWrittenStep);
    }

    private void write(TrainingEvent.Step s, double fid) throws IOException {
        if (metrics == null) {
            metrics = Files.newBufferedWriter(metricsFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
        metrics.write(line(s, fid));
        metrics.write('\n');
        lastWrittenStep = s.step();
    }

    /** The JSON line of one step (the format of {@code metrics.jsonl}). */
    public static String line(TrainingEvent.Step s, double fid) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("step", s.step());
            g.writeNumberField("dLoss", s.dLoss());
            g.writeNumberField("gLoss", s.gLoss());
            g.writeNumberField("dReal", s.dReal());
            g.writeNumberField("dFake", s.dFake());
            g.writeNumberField("imgsPerSec", Math.round(s.imgsPerSec() * 10) / 10.0);
            if (!Double.isNaN(fid)) {
                g.writeNumberField("fid", fid);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private void flush() throws IOException {
        if (metrics != null) {
            metrics.flush();
        }
    }

    /** Forgets everything after {@code step}: held lines, FIDs, and lines already in the file. */
    private void rewind(long step) throws IOException {
        held.removeIf(s -> s.step() > step);
        heldFid.keySet().removeIf(s -> s > step);
        pendingFids.removeIf(s -> s > step);
        if (fids.keySet().removeIf(s -> s > step)) {
            writeFidCsv();
        }
        if (lastWrittenStep > step) {
            if (metrics != null) {
                metrics.close();
                metrics = null;
            }
            List<String> kept = new ArrayList<>();
            for (String l : Files.readAllLines(metricsFile, StandardCharsets.UTF_8)) {
                Matcher m = STEP.matcher(l);
                if (m.find() && Long.parseLong(m.group(1)) <= step) {
                    kept.add(l);
                }
            }
            AtomicFiles.write(metricsFile, (kept.isEmpty() ? "" : String.join("\n", kept) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            lastWrittenStep = Math.min(lastWrittenStep, step);
            log.info("{}: removed lines after step {}", metricsFile, step);
        }
    }

    private void writeFidCsv() throws IOException {
        StringBuilder csv = new StringBuilder("step,fid\n");
        fids.forEach((step, fid) -> csv.append(step).append(',').append(fid).append('\n'));
        AtomicFiles.write(directory.resolve(FID_CSV), csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void readFidCsv() throws IOException {
        Path file = directory.resolve(FID_CSV);
        if (!Files.exists(file)) {
            return;
        }
        for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] parts = l.split(",");
            if (parts.length == 2 && !parts[0].equals("step")) {
                try {
                    fids.put(Long.parseLong(parts[0].trim()), Double.parseDouble(parts[1].trim()));
                } catch (NumberFormatException e) {
                    log.warn("ignoring a bad line in {}: {}", file, l);
                }
            }
        }
    }

    private static long lastStepIn(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        long last = 0;
        for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            Matcher m = STEP.matcher(l);
            if (m.find()) {
                last = Math.max(last, Long.parseLong(m.group(1)));
            }
        }
        return last;
    }
}
