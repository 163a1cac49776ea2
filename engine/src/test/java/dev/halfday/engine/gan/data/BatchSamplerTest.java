package dev.halfday.engine.gan.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchSamplerTest {

    /** 10 one-pixel images whose pixel is their index. */
    private final ImageDataset tiny = new InMemoryImageDataset("tiny", 1, 1, 1, 10,
            new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, List.of());

    @Test
    void everyEpochVisitsEveryImageOnceInANewOrder() {
        BatchSampler sampler = new BatchSampler(tiny, 5, 42);
        byte[] a = new byte[5];
        byte[] b = new byte[5];
        Set<Byte> epoch0 = new HashSet<>();
        sampler.fill(0, a);
        sampler.fill(1, b);
        for (int i = 0; i < 5; i++) {
            epoch0.add(a[i]);
            epoch0.add(b[i]);
        }
        assertThat(epoch0).hasSize(10);
        int[] order0 = new int[10];
        int[] order1 = new int[10];
        for (int i = 0; i < 10; i++) {
            order0[i] = sampler.imageAt(0, i);
            order1[i] = sampler.imageAt(1, i);
        }
        assertThat(order1).isNotEqualTo(order0);
    }

    @Test
    void theBatchOfAStepDependsOnlyOnSeedAndStepSoResumedRunsSeeTheSameData() {
        BatchSampler straight = new BatchSampler(tiny, 3, 7);
        byte[] expected = new byte[3];
        for (long s = 0; s <= 11; s++) {
            straight.fill(s, expected);
        }
        byte[] resumed = new byte[3];
        new BatchSampler(tiny, 3, 7).fill(11, resumed);
        assertThat(resumed).isEqualTo(expected);
        byte[] otherSeed = new byte[3];
        new BatchSampler(tiny, 3, 8).fill(11, otherSeed);
        byte[] seven = new byte[3];
        new BatchSampler(tiny, 3, 7).fill(11, seven);
        assertThat(seven).isEqualTo(expected);
    }

    @Test
    void batchesStraddlingAnEpochBoundaryWrapAround() {
        BatchSampler sampler = new BatchSampler(tiny, 4, 1);
        byte[] batch = new byte[4];
        sampler.fill(2, batch); // images 8, 9 of epoch 0 and 0, 1 of epoch 1
        assertThat(batch[0]).isEqualTo((byte) sampler.imageAt(0, 8));
        assertThat(batch[1]).isEqualTo((byte) sampler.imageAt(0, 9));
        assertThat(batch[2]).isEqualTo((byte) sampler.imageAt(1, 0));
        assertThat(batch[3]).isEqualTo((byte) sampler.imageAt(1, 1));
    }
}
