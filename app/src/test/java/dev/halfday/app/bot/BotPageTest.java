package dev.halfday.app.bot;

import dev.halfday.app.testing.TestHomes;
import dev.halfday.app.testing.TestModel;
import dev.halfday.app.common.AppContext;
import dev.halfday.app.common.SettingsStore;
import dev.halfday.app.shell.MainWindow;
import dev.halfday.engine.bot.HandledMessage;
import dev.halfday.engine.detect.Detector;
import dev.halfday.engine.serve.DetectionServer;
import dev.halfday.engine.serve.ServeOptions;
import dev.halfday.engine.serve.ServedModels;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.image.ImageView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Bot tab in demo mode, headless: start → QR → scan → post a photo → the reply in the table and the chat. */
@ExtendWith(ApplicationExtension.class)
class BotPageTest {

    private static Detector detector;
    private AppContext ctx;
    private BotPage page;

    @BeforeAll
    static void loadModel() throws Exception {
        detector = TestModel.get();
    }

    @Start
    void start(Stage stage) throws Exception {
        ctx = AppContext.create(new SettingsStore(TestHomes.fresh("bot-page").resolve("settings.json")));
        ctx.detectors().use(detector);
        page = new BotPage(ctx);
        Scene scene = new Scene((javafx.scene.Parent) page.view(), 1280, 820);
        scene.getStylesheets().add(MainWindow.stylesheet());
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void stop(FxRobot robot) {
        robot.interact(() -> page.dispose());
        ctx.close();
    }

    @Test
    void demoModeFromStartToAnAnsweredPhoto(FxRobot robot) {
        // Demo mode is on by default; the risk banner belongs to real WeChat only.
        assertThat(robot.lookup("#bot-demo").queryAs(CheckBox.class).isSelected()).isTrue();
        assertThat(robot.lookup("#bot-risk").query().isVisible()).isFalse();
        assertThat(robot.lookup("#bot-backend").queryAs(Label.class).getText()).isEqualTo("local");

        HandledMessage row = startScanAndPostTheSample(robot);

        @SuppressWarnings("unchecked")
        ListView<ChatLine> chat = robot.lookup("#bot-chat").queryAs(ListView.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> chat.getItems().stream().filter(ChatLine::fromBot).count() == 2);
        assertThat(chat.getItems().get(0).who()).isEqualTo("You");
        assertThat(chat.getItems().get(1).hasImage()).as("the annotated photo").isTrue();
        // Kept as a thumbnail that fits the chat, decoded in the background.
        await().atMost(Duration.ofSeconds(10)).until(() -> chat.getItems().get(1).thumbnailProperty().get() != null);
        javafx.scene.image.Image thumb = chat.getItems().get(1).thumbnailProperty().get();
        assertThat(thumb.getWidth()).isLessThanOrEqualTo(200);
        assertThat(thumb.getHeight()).isLessThanOrEqualTo(140);
        assertThat(chat.getItems().get(2).text()).isEqualTo("Found 1 object: cat " + Math.round(row.detections().get(0).score() * 100) + "%");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#bot-counters").queryAs(Label.class).getText()).contains("replied 1");

        stopBot(robot);
    }

    @Test
    void theBotDetectsThroughTheAppWideBackendItStartedWith(FxRobot robot) throws Exception {
        try (DetectionServer server = DetectionServer.start(ServedModels.of(detector), ServeOptions.defaults().withPort(0))) {
            // Chosen app-wide (Tools → Detection backend…), shown here as the CLI's --backend text.
            robot.interact(() -> ctx.detectionBackend().specProperty().set(server.target()));
            Label backend = robot.lookup("#bot-backend").queryAs(Label.class);
            Label note = robot.lookup("#bot-backend-note").queryAs(Label.class);
            assertThat(backend.getText()).isEqualTo(server.target());
            assertThat(backend.getTooltip().getText()).isEqualTo("On the command line: halfday bot --backend " + server.target());

            HandledMessage row = startScanAndPostTheSample(robot);
            assertThat(server.stats().requests()).as("the photo went to the server").isEqualTo(1);

            // A change while running applies at the next start, and says so.
            robot.interact(() -> ctx.detectionBackend().specProperty().set("local"));
            assertThat(backend.getText()).isEqualTo(server.target());
            assertThat(note.getText()).isEqualTo("Changed to local: restart the bot to use it.");
            stopBot(robot);
            assertThat(backend.getText()).isEqualTo("local");
            assertThat(note.getText()).startsWith("The same backend as the Detect tab");
            assertThat(row.detections()).extracting(d -> d.label()).containsExactly("cat");
        }
    }

    /** Starts the demo bot, scans, posts the cat photo and returns the handled row (a reply with the cat). */
    private HandledMessage startScanAndPostTheSample(FxRobot robot) {
        robot.interact(() -> page.viewModel().humanDelayProperty().set(false));
        robot.clickOn("#bot-start");
        ImageView qr = robot.lookup("#bot-qr").queryAs(ImageView.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> qr.getImage() != null && qr.getParent().isVisible());
        assertThat(qr.getImage().getWidth()).isGreaterThanOrEqualTo(250);

        robot.clickOn("#bot-scan");
        Label status = robot.lookup("#bot-status").queryAs(Label.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> status.getText().startsWith("Logged in as Halfday Bot"));
        assertThat(qr.getParent().isVisible()).as("the QR code goes away after login").isFalse();
        ListView<?> groups = robot.lookup("#bot-groups").queryAs(ListView.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> groups.getItems().size() == 3);

        robot.clickOn("#bot-send-sample");
        @SuppressWarnings("unchecked")
        TableView<HandledMessage> table = robot.lookup("#bot-table").queryAs(TableView.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> table.getItems().size() == 1);
        HandledMessage row = table.getItems().get(0);
        assertThat(row.result()).as(row.detail()).isEqualTo(HandledMessage.Result.REPLIED);
        assertThat(row.chatName()).isEqualTo("Family");
        assertThat(row.senderName()).isEqualTo("You");
        assertThat(row.detections()).anyMatch(d -> d.label().equals("cat"));
        return row;
    }

    private void stopBot(FxRobot robot) {
        Label status = robot.lookup("#bot-status").queryAs(Label.class);
        robot.clickOn("#bot-stop");
        await().atMost(Duration.ofSeconds(20)).until(() -> status.getText().startsWith("Stopped"));
        assertThat(robot.lookup("#bot-start").queryAs(Button.class).isDisabled()).isFalse();
    }

    @Test
    void realWeChatNeedsTheRiskAcknowledgedOnce(FxRobot robot) {
        robot.clickOn("#bot-demo");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#bot-risk").query().isVisible()).isTrue();
        assertThat(robot.lookup("#bot-start").queryAs(Button.class).isDisabled()).isTrue();
        robot.clickOn("#bot-risk-ok");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#bot-risk").query().isVisible()).isFalse();
        assertThat(robot.lookup("#bot-start").queryAs(Button.class).isDisabled()).isFalse();
        assertThat(ctx.settings().booleanSetting("bot.riskAcknowledged", false).get()).isTrue();
    }
}
