package dev.halfday.app.shell;

import dev.halfday.app.testing.TestHomes;
import dev.halfday.app.common.AppContext;
import dev.halfday.app.common.SettingsStore;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.controlsfx.control.NotificationPane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.robot.Motion;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(ApplicationExtension.class)
class ShellTest {

    private Path settingsFile;
    private Stage stage;
    private AppContext ctx;
    private MainWindow window;

    @Start
    void start(Stage primary) throws Exception {
        stage = primary;
        settingsFile = TestHomes.fresh("shell").resolve("settings.json");
        open();
    }

    private void open() {
        ctx = AppContext.create(new SettingsStore(settingsFile));
        window = new MainWindow(ctx, ShellPlugins.pages(), ShellPlugins.extensions());
        window.show(stage);
    }

    /** Closes the window as the user would and opens a new one on the same stage and settings file. */
    private void reopen(FxRobot robot, ThrowingRunnable whileClosed) {
        robot.interact(() -> {
            window.close();
            ctx.close();
            try {
                whileClosed.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            open();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @AfterEach
    void closeWindow(FxRobot robot) {
        robot.interact(() -> {
            window.close();
            ctx.close();
        });
    }

    @Test
    void showsThreeTabsTheGanTabAndTheUnbuiltOnesSaySoWithoutControls(FxRobot robot) {
        TabPane tabs = robot.lookup("#main-tabs").queryAs(TabPane.class);
        assertThat(tabs.getTabs()).extracting(Tab::getText).containsExactly("Detect", "GAN", "Bot");

        robot.press(KeyCode.CONTROL, KeyCode.DIGIT2).release(KeyCode.DIGIT2, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(tabs.getSelectionModel().getSelectedItem().getId()).isEqualTo("tab-gan");
        assertThat(robot.lookup("#gan-page #gan-start").queryAs(Button.class).getText()).isEqualTo("Start new run");

        robot.press(KeyCode.CONTROL, KeyCode.DIGIT3).release(KeyCode.DIGIT3, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(tabs.getSelectionModel().getSelectedItem().getId()).isEqualTo("tab-bot");
        assertThat(robot.lookup("#bot-page #bot-start").tryQuery()).as("the Bot tab is built").isPresent();
    }

    @Test
    void languageMenuRelabelsTheWindowLiveAndIsRemembered(FxRobot robot) throws Exception {
        // Horizontal first, as a hand would: a diagonal path crosses other items and closes the submenu.
        robot.clickOn("View").clickOn("Language").clickOn("中文", Motion.HORIZONTAL_FIRST);
        WaitForAsyncUtils.waitForFxEvents();

        TabPane tabs = robot.lookup("#main-tabs").queryAs(TabPane.class);
        assertThat(tabs.getTabs()).extracting(Tab::getText).containsExactly("检测", "GAN", "机器人");
        assertThat(robot.lookup("文件").tryQuery()).isPresent();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(Files.readString(settingsFile)).contains("\"language\" : \"zh\""));

        // A new window over the same settings file starts in Chinese.
        reopen(robot, () -> { });
        TabPane reopened = (TabPane) window.root().lookup("#main-tabs");
        assertThat(reopened.getTabs().get(0).getText()).isEqualTo("检测");
    }

    @Test
    void damagedSettingsFileMeansDefaultsAndAWarningNotACrash(FxRobot robot) throws Exception {
        reopen(robot, () -> Files.writeString(settingsFile, "{\"language\": \"zh\", \"window.width\": "));

        TabPane tabs = (TabPane) window.root().lookup("#main-tabs");
        assertThat(tabs.getTabs().get(0).getText()).isEqualTo("Detect");
        NotificationPane bar = (NotificationPane) window.root().lookup("#notifications");
        assertThat(bar.isShowing()).isTrue();
        assertThat(bar.getText()).contains("settings file was damaged").contains(".corrupt");
        assertThat(settingsFile.resolveSibling("settings.json.corrupt")).exists()
                .content().startsWith("{\"language\": \"zh\"");
    }
}
