package dev.halfday.engine.gan.fid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FrechetDistanceTest {

    private static FeatureStatistics gaussian(int n, double[] mean, double[] sd, long seed) {
        Random r = new Random(seed);
        float[] rows = new float[n * mean.length];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < mean.length; j++) {
                rows[i * mean.length + j] = (float) (mean[j] + sd[j] * r.nextGaussian());
            }
        }
        return FeatureStatistics.of(rows, n, mean.length);
    }

    @Test
    void matchesTheClosedFormForIndependentGaussians() {
        // For diagonal covariances the distance is Σ (μ1-μ2)² + (σ1-σ2)².
        FeatureStatistics a = new FeatureStatistics(100, new double[] {0, 1, 2},
                new double[][] {{1, 0, 0}, {0, 4, 0}, {0, 0, 9}});
        FeatureStatistics b = new FeatureStatistics(100, new double[] {1, 1, 0},
                new double[][] {{4, 0, 0}, {0, 4, 0}, {0, 0, 1}});
        try (FrechetDistance fd = new FrechetDistance()) {
            assertThat(fd.between(a, b)).isCloseTo(1 + 0 + 4 + 1 + 0 + 4, within(1e-9));
            assertThat(fd.between(a, a)).isCloseTo(0, within(1e-9));
        }
    }

    @Test
    void handlesCorrelatedSampledFeaturesAndIsSymmetric() {
        FeatureStatistics a = gaussian(4000, new double[] {0, 0, 0, 0}, new double[] {1, 1, 1, 1}, 1);
        FeatureStatistics b = gaussian(4000, new double[] {0, 0, 0, 0}, new double[] {1, 1, 1, 1}, 2);
        FeatureStatistics c = gaussian(4000, new double[] {2, 0, 0, 0}, new double[] {1, 3, 1, 1}, 3);
        try (FrechetDistance fd = new FrechetDistance()) {
            double same = fd.between(a, b);
            double different = fd.between(a, c);
            assertThat(same).isLessThan(0.05);
            assertThat(different).isCloseTo(4 + 4, within(0.5));
            assertThat(fd.between(c, a)).isCloseTo(different, within(1e-6));
        }
    }
}
