package dev.halfday.app.gan;

import dev.halfday.engine.gan.train.MetricsHistory;
import java.util.List;
import java.util.Map;

/**
 * What the charts draw, already decimated (a few hundred points a curve whatever the run's length) and
 * smoothed; computed off the FX thread.
 *
 * @param curves the per-step curves that are switched on
 * @param fid    every FID measurement
 */
record ChartData(Map<MetricsHistory.Metric, MetricsHistory.Series> curves, List<MetricsHistory.FidPoint> fid) {

    static final ChartData EMPTY = new ChartData(Map.of(), List.of());

    /** Points drawn per curve at most. */
    static final int MAX_POINTS = 600;

    static ChartData of(MetricsHistory history, double smoothing, boolean dReal, boolean dFake) {
        Map<MetricsHistory.Metric, MetricsHistory.Series> curves = new java.util.EnumMap<>(MetricsHistory.Metric.class);
        if (history.size() > 0) {
            curves.put(MetricsHistory.Metric.D_LOSS, history.series(MetricsHistory.Metric.D_LOSS, smoothing, MAX_POINTS));
            curves.put(MetricsHistory.Metric.G_LOSS, history.series(MetricsHistory.Metric.G_LOSS, smoothing, MAX_POINTS));
            if (dReal) {
                curves.put(MetricsHistory.Metric.D_REAL, history.series(MetricsHistory.Metric.D_REAL, smoothing, MAX_POINTS));
            }
            if (dFake) {
                curves.put(MetricsHistory.Metric.D_FAKE, history.series(MetricsHistory.Metric.D_FAKE, smoothing, MAX_POINTS));
            }
        }
        return new ChartData(curves, history.fid());
    }
}
