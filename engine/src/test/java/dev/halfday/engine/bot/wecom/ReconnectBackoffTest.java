package dev.halfday.engine.bot.wecom;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {

    @Test
    void doublesFromOneSecondUpToThirtyWithJitterBelowEachStep() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30),
                new SplittableRandom(42));
        long[] steps = {1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000, 30000};
        List<Long> delays = new ArrayList<>();
        for (long step : steps) {
            long d = backoff.nextDelay().toMillis();
            delays.add(d);
            assertThat(d).as("delay for step %d", step).isBetween(Math.round(step * 0.8), step);
        }
        assertThat(delays).doesNotHaveDuplicates(); // the jitter really varies
        backoff.reset();
        assertThat(backoff.nextDelay().toMillis()).isBetween(800L, 1000L);
    }

    @Test
    void manyFailuresNeverOverflowPastTheCap() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30),
                new SplittableRandom(1));
        for (int i = 0; i < 200; i++) {
            assertThat(backoff.nextDelay()).isLessThanOrEqualTo(Duration.ofSeconds(30)).isPositive();
        }
        assertThat(backoff.failures()).isEqualTo(200);
    }
}
