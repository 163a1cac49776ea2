package dev.halfday.app.gan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.halfday.app.testing.DragSource;
import dev.halfday.app.testing.TestHomes;
import dev.halfday.app.common.AppContext;
import dev.halfday.app.common.SettingsStore;
import dev.halfday.app.shell.MainWindow;
import java.nio.file.Path;
import java.time.Duration;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.image.ImageView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The GAN tab, headless, training for real on the bundled Fashion-MNIST (batch 8): start, watch the chart and
 * the grid update, pause (nothing moves), resume, stop.
 */
@ExtendWith(ApplicationExtension.class)
class GanTabTest {

    private static final Duration LONG = Duration.ofMinutes(3);

    private AppContext ctx;
    private GanViewModel vm;
    private Path runDir;
    private Path home;
    private DragSource drag;

    @Start
    void start(Stage stage) throws Exception {
        home = TestHomes.fresh("gan");
        runDir = home.resolve("run");
        ctx = AppContext.create(new SettingsStore(home.resolve("settings.json")));
        ctx.i18n().addBundle(GanPage.BUNDLE);
        vm = new GanViewModel(ctx, runDir);
        drag = new DragSource();
        Scene scene = new Scene(drag.over((javafx.scene.Parent) new GanView(ctx, vm).node()), 1200, 760);
        scene.getStylesheets().add(MainWindow.stylesheet());
        stage.setScene(scene);
        ctx.attach(stage);
        stage.show();
    }

    @AfterEach
    void close(FxRobot robot) throws Exception {
        robot.interact(() -> vm.close());
        if (vm.trainer() != null) {
            vm.trainer().awaitTermination(2, java.util.concurrent.TimeUnit.MINUTES);
        }
        robot.interact(() -> ctx.close());
    }

    private void type(FxRobot robot, String id, String text) {
        TextField field = robot.lookup(id).queryAs(TextField.class);
        robot.interact(() -> field.setText(text));
    }

    private int lossPoints(FxRobot robot) {
        LineChart<?, ?> chart = robot.lookup("#gan-loss-chart").queryAs(LineChart.class);
        return chart.getData().get(0).getData().size();
    }

    private double lastLossStep(FxRobot robot) {
        LineChart<?, ?> chart = robot.lookup("#gan-loss-chart").queryAs(LineChart.class);
        var data = chart.getData().get(0).getData();
        return data.isEmpty() ? 0 : ((Number) data.get(data.size() - 1).getXValue()).doubleValue();
    }

    private String gridCaption(FxRobot robot) {
        return robot.lookup("#gan-grid-caption").queryAs(Label.class).getText();
    }

    @Test
    void startWatchPauseResumeStop(FxRobot robot) throws Exception {
        type(robot, "#gan-batch", "8");
        type(robot, "#gan-sample-every", "4");
        type(robot, "#gan-fid-every", "0");
        type(robot, "#gan-steps", "0");
        type(robot, "#gan-gen-lr", "0.0002");

        // validation: a bad batch disables Start and says why
        type(robot, "#gan-batch", "1");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#gan-start").queryAs(Button.class).isDisabled()).isTrue();
        assertThat(vm.fieldErrors().get(HyperParameterForm.Field.BATCH)).contains("2").contains("1024");
        type(robot, "#gan-batch", "8");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#gan-start").queryAs(Button.class).isDisabled()).isFalse();

        robot.clickOn("#gan-start");
        await().atMost(LONG).until(() -> vm.phaseProperty().get() == GanViewModel.Phase.RUNNING && vm.stepProperty().get() >= 5);

        // the chart and the grid follow training
        await().atMost(LONG).until(() -> lossPoints(robot) >= 3);
        double firstChartStep = lastLossStep(robot);
        await().atMost(LONG).until(() -> lastLossStep(robot) > firstChartStep + 4);
        await().atMost(LONG).until(() -> vm.gridCountProperty().get() >= 3);
        String caption = gridCaption(robot);
        await().atMost(LONG).until(() -> !gridCaption(robot).equals(caption));
        assertThat(robot.lookup("#gan-grid").queryAs(ImageView.class).getImage()).isNotNull();
        assertThat(robot.lookup("#gan-progress-text").queryAs(Label.class).getText()).contains("img/s");
        // "loading …" was the message while the data loaded; it goes once steps run
        await().atMost(LONG).until(() -> !vm.messageProperty().get().startsWith("loading"));

        // pause: nothing moves any more
        robot.clickOn("#gan-pause");
        await().atMost(LONG).until(() -> vm.phaseProperty().get() == GanViewModel.Phase.PAUSED);
        Thread.sleep(600); // let the last decimation land
        WaitForAsyncUtils.waitForFxEvents();
        long pausedStep = vm.stepProperty().get();
        double pausedChart = lastLossStep(robot);
        int pausedGrids = vm.gridCountProperty().get();
        Thread.sleep(1500);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.stepProperty().get()).isEqualTo(pausedStep);
        assertThat(lastLossStep(robot)).isEqualTo(pausedChart);
        assertThat(vm.gridCountProperty().get()).isEqualTo(pausedGrids);
        assertThat(robot.lookup("#gan-resume").queryAs(Button.class).isDisabled()).isFalse();
        assertThat(robot.lookup("#gan-batch").queryAs(TextField.class).isDisabled()).isTrue();

        // the history scrubber shows an earlier grid
        robot.interact(() -> vm.selectedGridProperty().set(0));
        assertThat(gridCaption(robot)).startsWith("Step 0 ");

        // resume: it moves again
        robot.clickOn("#gan-resume");
        await().atMost(LONG).until(() -> vm.stepProperty().get() > pausedStep + 3);
        await().atMost(LONG).until(() -> lastLossStep(robot) > pausedChart);

        // stop: final checkpoint, and the run can be continued later
        robot.clickOn("#gan-stop");
        await().atMost(LONG).until(() -> vm.phaseProperty().get() == GanViewModel.Phase.STOPPED);
        await().atMost(LONG).until(() -> vm.resumableStepProperty().get() == vm.stepProperty().get());
        assertThat(robot.lookup("#gan-continue").queryAs(Button.class).isVisible()).isTrue();
        assertThat(runDir.resolve("metrics.jsonl")).exists();
        assertThat(robot.lookup("#gan-start").queryAs(Button.class).isDisabled()).isFalse();

        // an app restart: a new view-model over the same folder offers to continue, shows the old curves and grids
        long stopped = vm.stepProperty().get();
        GanViewModel[] restarted = new GanViewModel[1];
        robot.interact(() -> restarted[0] = new GanViewModel(ctx, runDir));
        GanViewModel again = restarted[0];
        try {
            await().atMost(LONG).until(() -> again.resumableStepProperty().get() == stopped);
            await().atMost(LONG).until(() -> again.gridCountProperty().get() >= 2
                    && !again.chartProperty().get().curves().isEmpty());
            robot.interact(() -> {
                again.field(HyperParameterForm.Field.STEPS).set(Long.toString(stopped + 4));
                again.continueRun();
            });
            await().atMost(LONG).until(() -> again.phaseProperty().get() == GanViewModel.Phase.STOPPED
                    && again.stepProperty().get() == stopped + 4);
            var curve = again.chartProperty().get().curves().get(dev.halfday.engine.gan.train.MetricsHistory.Metric.D_LOSS);
            await().atMost(LONG).until(() -> again.chartProperty().get().curves()
                    .get(dev.halfday.engine.gan.train.MetricsHistory.Metric.D_LOSS).steps()[0] == 1);
            assertThat(curve).isNotNull();
        } finally {
            robot.interact(again::close);
        }
    }

    @Test
    void droppingAFolderOfPicturesChoosesItAndTurnsFidOff(FxRobot robot) throws Exception {
        Path photos = java.nio.file.Files.createDirectories(home.resolve("photos"));
        java.nio.file.Files.writeString(photos.resolve("note.txt"), "pictures would go here");
        robot.interact(() -> drag.carry(java.util.List.of(photos)));
        robot.drag("#test-drag-source").dropTo("#gan-grid-caption");
        WaitForAsyncUtils.waitForFxEvents();
        await().atMost(LONG).until(() -> vm.datasetProperty().get().kind() == DatasetChoice.Kind.FOLDER);
        assertThat(vm.datasetProperty().get().folder()).isEqualTo(photos);
        assertThat(robot.lookup("#gan-dataset-folder").queryAs(Label.class).getText()).isEqualTo(photos.toString());
        // 64×64 colour pictures have no FID: the default "FID every 500" is now an error until set to 0
        assertThat(vm.fieldErrors()).containsKey(HyperParameterForm.Field.FID_EVERY);
        type(robot, "#gan-fid-every", "0");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.formValidProperty().get()).isTrue();
    }
}
