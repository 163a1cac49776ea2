package dev.halfday.app.serve;

import dev.halfday.app.common.DetectorService;
import dev.halfday.app.testing.TestModel;
import dev.halfday.engine.detect.Detector;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static dev.halfday.app.testing.FxTesting.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The service switch's controller on its own: starting, and closing the app at awkward moments. */
@ExtendWith(ApplicationExtension.class)
class LocalServeControllerTest {

    @Start
    void start(Stage stage) {
        // The FX toolkit only; no window needed.
    }

    @Test
    void closingWhileStartingLeavesNoServerBehind(FxRobot robot) throws Exception {
        Detector detector = TestModel.get();
        int port = freePort();
        ExecutorService background = Executors.newSingleThreadExecutor();
        CountDownLatch modelArrives = new CountDownLatch(1);
        DetectorService detectors = new DetectorService(Executors.newSingleThreadExecutor(), background);
        try {
            robot.interact(() -> detectors.load(() -> {
                modelArrives.await();
                return detector;
            }));
            LocalServeController controller = new LocalServeController(detectors, background, () -> port);
            robot.interact(controller::start);
            assertThat(fx(() -> controller.stateProperty().get())).isEqualTo(LocalServeController.State.STARTING);

            robot.interact(controller::close); // the window closes while the model is still loading
            modelArrives.countDown();          // ... and the model arrives after all

            // The start goes on in the background, then finds the controller closed: whatever it started, it stops.
            await().atMost(Duration.ofSeconds(60)).until(() -> detectors.detector().isDone());
            background.submit(() -> { }).get(30, TimeUnit.SECONDS); // the start task ran before this one
            await().atMost(Duration.ofSeconds(10)).until(() -> !listening(port));
            assertThat(fx(() -> controller.stateProperty().get())).isNotEqualTo(LocalServeController.State.ON);
        } finally {
            background.shutdownNow();
        }
    }

    @Test
    void closingBeforeTheQueuedStartRunsStartsNoServer(FxRobot robot) throws Exception {
        Detector detector = TestModel.get();
        int port = freePort();
        ExecutorService background = Executors.newSingleThreadExecutor();
        DetectorService detectors = new DetectorService(Executors.newSingleThreadExecutor(), background);
        try {
            robot.interact(() -> detectors.use(detector));
            // Hold the background thread so the server's start is still queued behind this gate when close() comes.
            CountDownLatch gate = new CountDownLatch(1);
            background.execute(() -> {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            LocalServeController controller = new LocalServeController(detectors, background, () -> port);
            robot.interact(controller::start);
            robot.interact(controller::close);
            gate.countDown();

            background.submit(() -> { }).get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> !listening(port));
            assertThat(fx(() -> controller.stateProperty().get())).isNotEqualTo(LocalServeController.State.ON);
        } finally {
            background.shutdownNow();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
