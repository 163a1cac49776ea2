package dev.halfday.app.serve;

import dev.halfday.app.common.AppContext;
import dev.halfday.app.common.SettingsStore;
import dev.halfday.app.shell.MainWindow;
import dev.halfday.app.shell.ShellPlugins;
import dev.halfday.app.testing.TestHomes;
import dev.halfday.app.testing.TestModel;
import dev.halfday.engine.client.DetectionClient;
import dev.halfday.engine.client.DetectionException;
import dev.halfday.engine.client.RemoteDetectionClient;
import dev.halfday.engine.client.RemoteOptions;
import dev.halfday.engine.detect.DetectOptions;
import dev.halfday.engine.detect.Detector;
import dev.halfday.engine.detect.Detectors;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.controlsfx.control.ToggleSwitch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/** The "Serve detection on this computer" switch and the backend dialog, in the real window, headless. */
@ExtendWith(ApplicationExtension.class)
class ServeSwitchTest {

    private static final Pattern SERVING = Pattern.compile("127\\.0\\.0\\.1:(\\d+) · (\\d+) requests? · p50 (\\S+) ms");

    private static Detector detector;
    private static byte[] chelsea;

    private AppContext ctx;
    private MainWindow window;

    @BeforeAll
    static void loadModel() throws Exception {
        detector = TestModel.get();
        try (InputStream in = ServeSwitchTest.class.getResourceAsStream("/halfday/resources/samples/chelsea.png")) {
            chelsea = in.readAllBytes();
        }
    }

    @Start
    void start(Stage stage) throws Exception {
        ctx = AppContext.create(new SettingsStore(TestHomes.fresh("serve").resolve("settings.json")));
        ctx.detectors().use(detector);
        // Any free port, so that tests never collide with a real server on 50051.
        ctx.settings().intSetting(ServeExtension.PORT_SETTING, 50051, 0, 65535).set(0);
        window = new MainWindow(ctx, ShellPlugins.pages(), ShellPlugins.extensions());
        window.show(stage);
    }

    @AfterEach
    void close(FxRobot robot) {
        robot.interact(() -> {
            window.close();
            ctx.close();
        });
    }

    private String status(FxRobot robot) {
        return robot.lookup("#serve-status").queryAs(Label.class).getText();
    }

    private ToggleSwitch toggle(FxRobot robot) {
        return robot.lookup("#serve-switch").queryAs(ToggleSwitch.class);
    }

    @Test
    void theSwitchServesTheAppsModelShowsAddressCountAndLatencyAndStopsCleanly(FxRobot robot) throws Exception {
        assertThat(toggle(robot).getText()).isEqualTo("Serve detection on this computer");
        assertThat(toggle(robot).isSelected()).isFalse();

        robot.clickOn("#serve-switch .thumb-area");
        await().atMost(Duration.ofSeconds(30)).until(() -> SERVING.matcher(status(robot)).matches());
        Matcher m = SERVING.matcher(status(robot));
        assertThat(m.matches()).isTrue();
        assertThat(m.group(2)).isEqualTo("0");
        assertThat(m.group(3)).isEqualTo("–");
        int port = Integer.parseInt(m.group(1));
        assertThat(toggle(robot).isSelected()).isTrue();

        try (RemoteDetectionClient client = new RemoteDetectionClient("127.0.0.1", port, RemoteOptions.defaults())) {
            assertThat(client.detect(chelsea, DetectOptions.defaults()).detections().get(0).label()).isEqualTo("cat");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> status(robot).matches(".* · 1 request · p50 \\d+ ms"));

        // The app's own backend setting can point at its own service through the TensorFlow Serving API.
        robot.interact(() -> ctx.detectionBackend().specProperty().set("tfs:127.0.0.1:" + port + "/detector"));
        DetectionClient viaTfs = ctx.detectionBackend().client().get(10, TimeUnit.SECONDS);
        assertThat(viaTfs.describe()).isEqualTo("tf-serving tfs:127.0.0.1:" + port + "/detector");
        assertThat(viaTfs.detect(chelsea, DetectOptions.defaults()).detections().get(0).label()).isEqualTo("cat");
        await().atMost(Duration.ofSeconds(10)).until(() -> status(robot).matches(".* · 2 requests · p50 \\d+ ms"));

        robot.clickOn("#serve-switch .thumb-area");
        await().atMost(Duration.ofSeconds(30)).until(() -> status(robot).isEmpty() && !toggle(robot).isSelected());
        try (RemoteDetectionClient client = new RemoteDetectionClient("127.0.0.1", port,
                RemoteOptions.defaults().withMaxAttempts(1))) {
            DetectionException e = catchThrowableOfType(DetectionException.class, () -> client.detect(chelsea, DetectOptions.defaults()));
            assertThat(e.kind()).as("stopped means stopped").isEqualTo(DetectionException.Kind.UNAVAILABLE);
        }
    }

    @Test
    void switchingTheAppsModelRestartsTheServiceOnTheNewOne(FxRobot robot) throws Exception {
        robot.clickOn("#serve-switch .thumb-area");
        await().atMost(Duration.ofSeconds(30)).until(() -> SERVING.matcher(status(robot)).matches());
        Matcher first = SERVING.matcher(status(robot));
        assertThat(first.matches()).isTrue();
        String firstPort = first.group(1);
        try (Detector second = Detectors.loadDefault()) {
            robot.interact(() -> ctx.detectors().use(second));
            // Restarted: a new server (port 0 picks a new port), counters from zero, on the new model.
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                Matcher now = SERVING.matcher(status(robot));
                return now.matches() && !now.group(1).equals(firstPort);
            });
            Matcher m = SERVING.matcher(status(robot));
            assertThat(m.matches()).isTrue();
            assertThat(m.group(2)).isEqualTo("0");
            try (RemoteDetectionClient client = new RemoteDetectionClient("127.0.0.1", Integer.parseInt(m.group(1)),
                    RemoteOptions.defaults())) {
                assertThat(client.detect(chelsea, DetectOptions.defaults()).detections().get(0).label()).isEqualTo("cat");
            }
            robot.clickOn("#serve-switch .thumb-area");
            await().atMost(Duration.ofSeconds(30)).until(() -> !toggle(robot).isSelected() && status(robot).isEmpty());
            robot.interact(() -> ctx.detectors().use(detector));
        }
    }

    @Test
    void aTakenPortSaysWhyAndTheSwitchGoesBackOff(FxRobot robot) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            robot.interact(() -> ctx.settings().intSetting(ServeExtension.PORT_SETTING, 50051, 0, 65535)
                    .set(taken.getLocalPort()));
            robot.clickOn("#serve-switch .thumb-area");
            await().atMost(Duration.ofSeconds(30)).until(() -> status(robot).startsWith("Could not serve:"));
            assertThat(status(robot)).contains("127.0.0.1:" + taken.getLocalPort());
            assertThat(toggle(robot).isSelected()).isFalse();
            assertThat(toggle(robot).isDisabled()).isFalse();
        }
    }

    @Test
    void theBackendDialogChecksTheAddressAndRemembersTheChoice(FxRobot robot) {
        robot.clickOn("Tools").clickOn("Detection backend…");
        WaitForAsyncUtils.waitForFxEvents();
        DialogPane pane = robot.lookup("#backend-dialog").queryAs(DialogPane.class);
        Button ok = (Button) pane.lookupButton(ButtonType.OK);

        robot.clickOn("#backend-tfs");
        robot.clickOn("#backend-tfs-address").write("serving.internal:notaport");
        assertThat(robot.lookup("#backend-problem").queryAs(Label.class).getText())
                .startsWith("Not a valid address:").contains("port 'notaport' is not a number");
        assertThat(ok.isDisabled()).isTrue();

        robot.interact(() -> robot.lookup("#backend-tfs-address").queryAs(TextField.class).setText("serving.internal:8500"));
        robot.clickOn("#backend-tfs-model").write("ssd");
        assertThat(ok.isDisabled()).isFalse();
        robot.clickOn(ok);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(ctx.detectionBackend().specProperty().get()).isEqualTo("tfs:serving.internal:8500/ssd");
        assertThat(ctx.settings().stringSetting(DetectionBackend.SETTING, "local").get())
                .isEqualTo("tfs:serving.internal:8500/ssd");
    }
}
