package dev.halfday.engine.gan.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every step's measurements and every FID of a run, in growable columns (24 bytes a step: 100 000 steps take
 * 2.4 MB). The training thread appends; any thread may read. Readers get copies, and the heavy work of
 * smoothing and decimating for a chart happens outside the lock, so a chart refresh never holds up a step.
 */
public final class MetricsHistory {

    /** A per-step measurement. */
    public enum Metric {
        D_LOSS, G_LOSS, D_REAL, D_FAKE, IMGS_PER_SEC
    }

    /** An FID measurement. */
    public record FidPoint(long step, double fid) {
    }

    /**
     * A curve ready to draw: at most the requested number of points, each the mean over a bucket of
     * consecutive steps (after smoothing), with the bucket's minimum and maximum so spikes stay visible.
     */
    public record Series(double[] steps, double[] values, double[] min, double[] max) {
        public int size() {
            return steps.length;
        }
    }

    private static final int FORMAT = 1;
    private static final int MAGIC = 0x48444748; // "HDGH"

    private long[] steps = new long[1024];
    private final float[][] columns = new float[Metric.values().length][1024];
    private int size;
    private final List<FidPoint> fids = new ArrayList<>();

    public synchronized void append(TrainingEvent.Step e) {
        if (size == steps.length) {
            int capacity = size * 2;
            steps = Arrays.copyOf(steps, capacity);
            for (int c = 0; c < columns.length; c++) {
                columns[c] = Arrays.copyOf(columns[c], capacity);
            }
        }
        steps[size] = e.step();
        columns[Metric.D_LOSS.ordinal()][size] = e.dLoss();
        columns[Metric.G_LOSS.ordinal()][size] = e.gLoss();
        columns[Metric.D_REAL.ordinal()][size] = e.dReal();
        columns[Metric.D_FAKE.ordinal()][size] = e.dFake();
        columns[Metric.IMGS_PER_SEC.ordinal()][size] = e.imgsPerSec();
        size++;
    }

    public synchronized void addFid(long step, double fid) {
        fids.add(new FidPoint(step, fid));
        fids.sort((a, b) -> Long.compare(a.step(), b.step()));
    }

    /** Forgets everything measured after {@code step} (when training goes back to a checkpoint). */
    public synchronized void truncateAfter(long step) {
        while (size > 0 && steps[size - 1] > step) {
            size--;
        }
        fids.removeIf(p -> p.step() > step);
    }

    public synchronized int size() {
        return size;
    }

    /** The last recorded step, or 0 when nothing is recorded. */
    public synchronized long lastStep() {
        return size == 0 ? 0 : steps[size - 1];
    }

    public synchronized List<FidPoint> fid() {
        return List.copyOf(fids);
    }

    /** The step record at {@code index} (0 = oldest). */
    public synchronized TrainingEvent.Step get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        return new TrainingEvent.Step(steps[index], columns[0][index], columns[1][index], columns[2][index],
                columns[3][index], columns[4][index]);
    }

    /** FID measured at exactly {@code step}, or NaN. */
    public synchronized double fidAt(long step) {
        for (FidPoint p : fids) {
            if (p.step() == step) {
                return p.fid();
            }
        }
        return Double.NaN;
    }

    /**
     * A chart-ready curve of one metric.
     *
     * @param smoothing exponential smoothing weight in [0, 1): 0 = raw, 0.99 = very smooth (debiased like
     *                  TensorBoard's, so the curve does not start at zero)
     * @param maxPoints most points to return (at least 2)
     */
    public Series series(Metric metric, double smoothing, int maxPoints) {
        long[] s;
        float[] v;
        int n;
        synchronized (this) {
            n = size;
            s = Arrays.copyOf(steps, n);
            v = Arrays.copyOf(columns[metric.ordinal()], n);
        }
        return decimate(s, smooth(v, smoothing), Math.max(2, maxPoints));
    }

    /** Makes this history equal to {@code other} (when a run is resumed from a checkpoint). */
    public void replaceWith(MetricsHistory other) {
        MetricsHistory source = other.copy();
        synchronized (this) {
            steps = source.steps;
            for (int c = 0; c < columns.length; c++) {
                columns[c] = source.columns[c];
            }
            size = source.size;
            fids.clear();
            fids.addAll(source.fids);
        }
    }

    /** A copy that later appends to this history do not change. */
    public synchronized MetricsHistory copy() {
        MetricsHistory copy = new MetricsHistory();
        copy.steps = Arrays.copyOf(steps, Math.max(size, 1024));
        for (int c = 0; c < columns.length; c++) {
            copy.columns[c] = Arrays.copyOf(columns[c], Math.max(size, 1024));
        }
        copy.size = size;
        copy.fids.addAll(fids);
        return copy;
    }

    /** Writes the history in a compact binary form (read back by {@link #readFrom}). */
    public synchronized void writeTo(DataOutputStream out) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(FORMAT);
        out.writeInt(size);
        for (int i = 0; i < size; i++) {
            out.writeLong(steps[i]);
            for (float[] column : columns) {
                out.writeFloat(column[i]);
            }
        }
        out.writeInt(fids.size());
        for (FidPoint p : fids) {
            out.writeLong(p.step());
            out.writeDouble(p.fid());
        }
    }

    public static MetricsHistory readFrom(DataInputStream in) throws IOException {
        if (in.readInt() != MAGIC) {
            throw new IOException("not a Halfday metrics history");
        }
        int format = in.readInt();
        if (format != FORMAT) {
            throw new IOException("metrics history format " + format + " is not supported");
        }
        MetricsHistory h = new MetricsHistory();
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("corrupt metrics history");
        }
        for (int i = 0; i < n; i++) {
            long step = in.readLong();
            float[] v = new float[Metric.values().length];
            for (int c = 0; c < v.length; c++) {
                v[c] = in.readFloat();
            }
            h.append(new TrainingEvent.Step(step, v[0], v[1], v[2], v[3], v[4]));
        }
        int f = in.readInt();
        for (int i = 0; i < f; i++) {
            h.fids.add(new FidPoint(in.readLong(), in.readDouble()));
        }
        return h;
    }

    static double[] smooth(float[] values, double weight) {
        double[] out = new double[values.length];
        if (weight <= 0) {
            for (int i = 0; i < values.length; i++) {
                out[i] = values[i];
            }
            return out;
        }
        double w = Math.min(weight, 0.999);
        double ema = 0;
        double debias = 1;
        for (int i = 0; i < values.length; i++) {
            double x = values[i];
            if (!Double.isFinite(x)) {
                out[i] = x;
                continue;
            }
            ema = w * ema + (1 - w) * x;
            debias *= w;
            out[i] = ema / (1 - debias);
        }
        return out;
    }

    static Series decimate(long[] steps, double[] values, int maxPoints) {
        int n = steps.length;
        int buckets = Math.min(n, maxPoints);
        double[] xs = new double[buckets];
        double[] ys = new double[buckets];
        double[] lo = new double[buckets];
        double[] hi = new double[buckets];
        for (int b = 0; b < buckets; b++) {
            int from = (int) ((long) b * n / buckets);
            int to = (int) ((long) (b + 1) * n / buckets);
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            int finite = 0;
            for (int i = from; i < to; i++) {
                double v = values[i];
                if (Double.isFinite(v)) {
                    sum += v;
                    finite++;
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            xs[b] = steps[to - 1];
            ys[b] = finite == 0 ? Double.NaN : sum / finite;
            lo[b] = finite == 0 ? Double.NaN : min;
            hi[b] = finite == 0 ? Double.NaN : max;
        }
        return new Series(xs, ys, lo, hi);
    }
}
