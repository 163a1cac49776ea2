package dev.halfday.app.gan;

import dev.halfday.engine.gan.train.SampleGrid;
import java.util.ArrayList;
import java.util.List;

/**
 * The sample grids of a run for the history scrubber and the GIF, in step order, held to a fixed number: when
 * full, every second grid is dropped (the first and the newest always stay), so a long run keeps an even view
 * of its whole history in bounded memory. Thread-safe.
 */
final class GridTimeline {

    private int capacity;
    private final List<SampleGrid> grids = new ArrayList<>();

    GridTimeline(int capacity) {
        this.capacity = Math.max(4, capacity);
    }

    /** A capacity that keeps the timeline within about 60 MB. */
    static int capacityFor(int cellSize, int channels) {
        long bytes = 64L * cellSize * cellSize * channels;
        return (int) Math.max(16, Math.min(400, 60_000_000L / bytes));
    }

    /** Changes how many grids are kept (thinning now if needed). */
    synchronized void capacity(int value) {
        capacity = Math.max(4, value);
        thin();
    }

    /** Adds a grid; grids at or after its step are replaced (a run that went back to a checkpoint). */
    synchronized void add(SampleGrid grid) {
        grids.removeIf(g -> g.step() >= grid.step());
        grids.add(grid);
        thin();
    }

    private void thin() {
        while (grids.size() > capacity) {
            List<SampleGrid> kept = new ArrayList<>();
            for (int i = 0; i < grids.size(); i++) {
                if (i % 2 == 0 || i == grids.size() - 1) {
                    kept.add(grids.get(i));
                }
            }
            grids.clear();
            grids.addAll(kept);
        }
    }

    synchronized void clear() {
        grids.clear();
    }

    synchronized int size() {
        return grids.size();
    }

    synchronized SampleGrid get(int index) {
        return grids.get(index);
    }

    synchronized List<SampleGrid> snapshot() {
        return List.copyOf(grids);
    }
}
