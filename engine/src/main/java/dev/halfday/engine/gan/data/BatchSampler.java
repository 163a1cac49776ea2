package dev.halfday.engine.gan.data;

import java.util.SplittableRandom;

/**
 * Picks the images of each training step: every epoch visits every image once in a fresh shuffled order.
 * The order depends only on the seed and the step number, so a run resumed from a checkpoint at step s sees
 * exactly the batches an uninterrupted run would have seen from s on.
 */
public final class BatchSampler {

    private final ImageDataset dataset;
    private final int batchSize;
    private final long seed;
    private long cachedEpoch = -1;
    private int[] cachedOrder;

    public BatchSampler(ImageDataset dataset, int batchSize, long seed) {
        this.dataset = dataset;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Bytes of one batch. */
    public int batchBytes() {
        return batchSize * dataset.pixelsPerImage();
    }

    /** Fills {@code target} with the images of step {@code step} (0-based: the step about to be trained). */
    public void fill(long step, byte[] target) {
        int n = dataset.size();
        int per = dataset.pixelsPerImage();
        long first = step * batchSize;
        for (int j = 0; j < batchSize; j++) {
            long i = first + j;
            long epoch = i / n;
            int pos = (int) (i % n);
            dataset.copyPixels(order(epoch)[pos], target, j * per);
        }
    }

    /** Index of the image at {@code position} of epoch {@code epoch}'s order (for tests and tools). */
    public int imageAt(long epoch, int position) {
        return order(epoch)[position];
    }

    private int[] order(long epoch) {
        if (epoch != cachedEpoch) {
            cachedOrder = shuffled(dataset.size(), new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch));
            cachedEpoch = epoch;
        }
        return cachedOrder;
    }

    private static int[] shuffled(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int k = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[k];
            order[k] = tmp;
        }
        return order;
    }
}
