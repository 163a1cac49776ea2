package dev.halfday.engine.gan.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import org.junit.jupiter.api.Test;

class MetricsHistoryTest {

    private static MetricsHistory filled(int steps) {
        MetricsHistory h = new MetricsHistory();
        for (int s = 1; s <= steps; s++) {
            h.append(new TrainingEvent.Step(s, (float) Math.sin(s / 50.0) + 1, 0.7f, 0.5f, 0.5f, 400f));
        }
        return h;
    }

    @Test
    void aHundredThousandStepsDecimateToAFewHundredPointsThatKeepTheShapeAndTheSpikes() {
        MetricsHistory h = filled(100_000);
        h.append(new TrainingEvent.Step(100_001, 50f, 0.7f, 0.5f, 0.5f, 400f)); // one spike at the end
        long t0 = System.nanoTime();
        MetricsHistory.Series s = h.series(MetricsHistory.Metric.D_LOSS, 0, 500);
        long micros = (System.nanoTime() - t0) / 1000;
        assertThat(s.size()).isEqualTo(500);
        assertThat(s.steps()[499]).isEqualTo(100_001);
        assertThat(s.max()[499]).isEqualTo(50.0);
        // bucket means follow the sine: the first bucket holds steps 1..200
        double expected = 0;
        for (int i = 1; i <= 200; i++) {
            expected += Math.sin(i / 50.0) + 1;
        }
        assertThat(s.values()[0]).isCloseTo(expected / 200, within(1e-4));
        assertThat(micros).as("decimating 100k steps").isLessThan(500_000);
    }

    @Test
    void smoothingIsAnExponentialAverageThatDoesNotStartAtZero() {
        double[] smooth = MetricsHistory.smooth(new float[] {4, 4, 4, 0}, 0.5);
        assertThat(smooth[0]).isEqualTo(4.0);
        assertThat(smooth[2]).isCloseTo(4.0, within(1e-9));
        assertThat(smooth[3]).isBetween(0.0, 4.0);
    }

    @Test
    void truncatingForgetsStepsAndFidsAfterAStepAndTheBinaryFormRoundTrips() throws Exception {
        MetricsHistory h = filled(30);
        h.addFid(0, 300);
        h.addFid(20, 80);
        h.addFid(30, 60);
        h.truncateAfter(25);
        assertThat(h.size()).isEqualTo(25);
        assertThat(h.lastStep()).isEqualTo(25);
        assertThat(h.fid()).extracting(MetricsHistory.FidPoint::step).containsExactly(0L, 20L);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        h.writeTo(new DataOutputStream(bytes));
        MetricsHistory back = MetricsHistory.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(back.size()).isEqualTo(25);
        assertThat(back.get(24)).isEqualTo(h.get(24));
        assertThat(back.fid()).isEqualTo(h.fid());
        assertThat(back.fidAt(20)).isEqualTo(80);
    }
}
