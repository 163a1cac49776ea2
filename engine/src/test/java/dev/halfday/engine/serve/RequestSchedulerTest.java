package dev.halfday.engine.serve;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class RequestSchedulerTest {

    @Test
    void refusesWhenWorkersAndQueueAreFullAndNeverGrows() throws Exception {
        RequestScheduler scheduler = new RequestScheduler(2, 3);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch bothRunning = new CountDownLatch(2);
        AtomicInteger done = new AtomicInteger();
        Runnable blocked = () -> {
            bothRunning.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            done.incrementAndGet();
        };
        assertThat(scheduler.trySubmit(blocked)).isTrue();
        assertThat(scheduler.trySubmit(blocked)).isTrue();
        assertThat(bothRunning.await(5, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 3; i++) {
            assertThat(scheduler.trySubmit(blocked)).as("queued #" + i).isTrue();
        }
        for (int i = 0; i < 20; i++) {
            assertThat(scheduler.trySubmit(blocked)).as("over capacity #" + i).isFalse();
        }
        assertThat(scheduler.running()).isEqualTo(2);
        assertThat(scheduler.queued()).isEqualTo(3);
        assertThat(scheduler.maxQueuedSeen()).isEqualTo(3);

        release.countDown();
        scheduler.shutdown(Duration.ofSeconds(5));
        assertThat(done.get()).as("every accepted task ran, none of the refused").isEqualTo(5);
    }

    @Test
    void aFreeWorkerAlwaysAcceptsEvenRightAfterStart() throws Exception {
        for (int round = 0; round < 200; round++) {
            RequestScheduler scheduler = new RequestScheduler(1, 0);
            CountDownLatch ran = new CountDownLatch(1);
            assertThat(scheduler.trySubmit(ran::countDown)).as("round " + round).isTrue();
            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
            scheduler.abort();
        }
    }

    @Test
    void zeroCapacityMeansOnlyFreeWorkersAccept() throws Exception {
        RequestScheduler scheduler = new RequestScheduler(1, 0);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        assertThat(scheduler.trySubmit(() -> {
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })).isTrue();
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(scheduler.trySubmit(() -> { })).isFalse();
        release.countDown();
        scheduler.shutdown(Duration.ofSeconds(5));
    }
}
