package dev.halfday.app.detect;

import dev.halfday.app.common.DetectorService;
import dev.halfday.app.common.Models;
import dev.halfday.app.testing.TestHomes;
import dev.halfday.app.testing.TestModel;
import dev.halfday.app.testing.TestWindow;
import dev.halfday.engine.detect.Detection;
import dev.halfday.engine.detect.Detector;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.controlsfx.control.NotificationPane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.halfday.app.testing.FxTesting.fx;
import static dev.halfday.app.testing.FxTesting.waitUntil;
import static dev.halfday.app.testing.TestSamples.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the app shows while the model loads, when it fails to load, and when the user picks a bad model folder. */
@ExtendWith(ApplicationExtension.class)
class ModelStateTest {

    private static Detector detector;
    private TestWindow app;

    @BeforeAll
    static void loadModel() throws Exception {
        detector = TestModel.get();
    }

    @Start
    void start(Stage stage) throws Exception {
        app = new TestWindow(stage, "model-state");
    }

    @AfterEach
    void closeWindow(FxRobot robot) {
        app.close(robot);
    }

    private DetectViewModel vm() {
        return ((DetectPage) app.window().page(DetectPage.ID).orElseThrow()).viewModel();
    }

    private String text(FxRobot robot, String query) {
        return fx(() -> robot.lookup(query).queryAs(Label.class).getText());
    }

    @Test
    void imagesDroppedWhileTheModelLoadsWaitThenRun(FxRobot robot) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        app.ctx().detectors().load(() -> {
            release.await(60, TimeUnit.SECONDS);
            return detector;
        });
        waitUntil("loading state", () -> app.ctx().detectors().stateProperty().get() == DetectorService.State.LOADING);
        assertThat(text(robot, "#status-model")).isEqualTo("Loading model…");
        assertThat(text(robot, "#drop-zone .drop-model")).isEqualTo("Loading the detection model…");

        app.drop(robot, sample("chelsea.png"));
        waitUntil("the image to be queued", () -> vm().items().size() == 1);
        BatchItem chelsea = fx(() -> vm().items().get(0));
        assertThat(fx(chelsea::state)).isIn(BatchItem.State.QUEUED, BatchItem.State.RUNNING);
        assertThat(text(robot, "#selection-message .message-title"))
                .isEqualTo("chelsea.png: waiting for the model to load…");

        release.countDown();
        waitUntil("detection", () -> chelsea.state() == BatchItem.State.DONE);
        assertThat(fx(() -> chelsea.result().above(0.3f).stream().map(Detection::label).toList())).contains("cat");
        assertThat(text(robot, "#status-model")).isEqualTo("Model: coco-centernet");
    }

    @Test
    void aModelThatFailsToLoadIsExplainedAndImagesSaySo(FxRobot robot) throws Exception {
        Path notAModel = TestHomes.fresh("not-a-model");
        app.ctx().detectors().load(() -> Models.loadFolder(notAModel));
        waitUntil("failure", () -> app.ctx().detectors().stateProperty().get() == DetectorService.State.FAILED);
        assertThat(text(robot, "#status-model")).isEqualTo("Model failed to load");
        assertThat(fx(() -> robot.lookup("#status-model").queryAs(Label.class).getTooltip().getText()))
                .contains("not a model folder");
        assertThat(text(robot, "#drop-zone .drop-model")).startsWith("The detection model failed to load: ")
                .contains("not a model folder");

        app.drop(robot, sample("coffee.png"));
        waitUntil("the batch to finish", () -> !vm().items().isEmpty() && !vm().runningProperty().get());
        BatchItem coffee = fx(() -> vm().items().get(0));
        assertThat(coffee.state()).isEqualTo(BatchItem.State.FAILED);
        assertThat(text(robot, "#selection-message .message-title"))
                .isEqualTo("⚠ coffee.png: The detection model did not load");

        // Loading a working model fixes it for the next images.
        robot.interact(() -> app.ctx().detectors().use(detector));
        app.drop(robot, sample("coffee.png"));
        waitUntil("the second batch", () -> vm().items().size() == 2 && !vm().runningProperty().get());
        assertThat(fx(() -> vm().items().get(1).state())).isEqualTo(BatchItem.State.DONE);
    }

    @Test
    void aBadModelFolderIsReportedAndTheCurrentModelStays(FxRobot robot) throws Exception {
        robot.interact(() -> app.ctx().detectors().use(detector));
        Path notAModel = TestHomes.fresh("not-a-model");
        ModelMenu menu = app.window().extension(ModelMenu.class).orElseThrow();

        var attempt = fx(() -> menu.loadFolder(notAModel));
        assertThatThrownBy(() -> attempt.get(60, TimeUnit.SECONDS)).hasMessageContaining("not a model folder");
        waitUntil("the notification", () -> ((NotificationPane) robot.lookup("#notifications").query()).isShowing());
        assertThat(fx(() -> ((NotificationPane) robot.lookup("#notifications").query()).getText()))
                .startsWith("Could not load " + notAModel).endsWith("Still using coco-centernet.");
        assertThat(app.ctx().detectors().stateProperty().get()).isEqualTo(DetectorService.State.READY);
        assertThat(text(robot, "#status-model")).isEqualTo("Model: coco-centernet");

        app.drop(robot, sample("chelsea.png"));
        waitUntil("the batch to finish", () -> !vm().items().isEmpty() && !vm().runningProperty().get());
        assertThat(fx(() -> vm().items().get(0).state())).isEqualTo(BatchItem.State.DONE);
    }
}
