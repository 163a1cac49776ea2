package dev.halfday.engine.gan.fid;

/**
 * Mean and covariance of feature vectors, in double precision (the Fréchet distance subtracts large, close
 * numbers).
 *
 * @param count      vectors the statistics were computed from
 * @param mean       length d
 * @param covariance d×d, unbiased (divided by count − 1)
 */
public record FeatureStatistics(int count, double[] mean, double[][] covariance) {

    public int dimension() {
        return mean.length;
    }

    /** Statistics of {@code count} vectors of {@code dimension} floats stored row after row. */
    public static FeatureStatistics of(float[] rows, int count, int dimension) {
        if (count < 2) {
            throw new IllegalArgumentException("need at least two feature vectors");
        }
        double[] mean = new double[dimension];
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < dimension; j++) {
                mean[j] += rows[i * dimension + j];
            }
        }
        for (int j = 0; j < dimension; j++) {
            mean[j] /= count;
        }
        double[][] cov = new double[dimension][dimension];
        double[] centred = new double[dimension];
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < dimension; j++) {
                centred[j] = rows[i * dimension + j] - mean[j];
            }
            for (int a = 0; a < dimension; a++) {
                double ca = centred[a];
                if (ca == 0) {
                    continue;
                }
                double[] row = cov[a];
                for (int b = a; b < dimension; b++) {
                    row[b] += ca * centred[b];
                }
            }
        }
        for (int a = 0; a < dimension; a++) {
            for (int b = a; b < dimension; b++) {
                cov[a][b] /= (count - 1);
                cov[b][a] = cov[a][b];
            }
        }
        return new FeatureStatistics(count, mean, cov);
    }
}
