package dev.halfday.app.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.halfday.app.testing.TestHomes;
import dev.halfday.app.testing.TestModel;
import dev.halfday.app.common.AppContext;
import dev.halfday.app.common.SettingsStore;
import dev.halfday.app.shell.MainWindow;
import dev.halfday.engine.bot.HandledMessage;
import dev.halfday.engine.bot.wecom.WeComCredentials;
import dev.halfday.engine.bot.wecom.sim.WeComGatewaySimulator;
import dev.halfday.engine.bot.wecom.sim.WeComGatewaySimulator.Reply;
import dev.halfday.engine.detect.Detector;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Bot tab on the WeCom channel, headless: choose it, enter credentials, start against the simulator. */
@ExtendWith(ApplicationExtension.class)
class BotPageWeComTest {

    private static Detector detector;
    private AppContext ctx;
    private BotPage page;
    private Path settingsFile;
    private WeComGatewaySimulator sim;

    @BeforeAll
    static void loadModel() throws Exception {
        detector = TestModel.get();
    }

    @Start
    void start(Stage stage) throws Exception {
        Files.deleteIfExists(WeComCredentials.defaultFile());
        settingsFile = TestHomes.fresh("bot-page-wecom").resolve("settings.json");
        ctx = AppContext.create(new SettingsStore(settingsFile));
        ctx.detectors().use(detector);
        page = new BotPage(ctx);
        Scene scene = new Scene((javafx.scene.Parent) page.view(), 1280, 800);
        scene.getStylesheets().add(MainWindow.stylesheet());
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void stop(FxRobot robot) {
        robot.interact(() -> page.dispose());
        ctx.close();
        if (sim != null) {
            sim.close();
        }
    }

    private static byte[] sample(String name) throws Exception {
        try (InputStream in = BotPageWeComTest.class.getResourceAsStream("/halfday/resources/samples/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void chooseWeComEnterCredentialsStartAndAReplyAppearsInTheTable(FxRobot robot) throws Exception {
        sim = WeComGatewaySimulator.start("aibUiTest", "ui-secret-123");
        robot.interact(() -> page.viewModel().humanDelayProperty().set(false));
        robot.clickOn("#bot-demo"); // real use, not the demo
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#bot-wecom-credentials").query().isVisible()).isFalse();

        robot.clickOn("#bot-channel");
        robot.clickOn("WeCom AI bot");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#bot-channel").queryAs(ChoiceBox.class).getValue()).isEqualTo("wecom");
        assertThat(robot.lookup("#bot-risk").query().isVisible()).as("the web-login risk does not apply").isFalse();
        assertThat(robot.lookup("#bot-wecom-credentials").query().isVisible()).isTrue();
        Button start = robot.lookup("#bot-start").queryAs(Button.class);
        assertThat(start.isDisabled()).as("no credentials yet").isTrue();

        robot.clickOn("#bot-wecom-id").write("aibUiTest");
        robot.clickOn("#bot-wecom-secret").write("ui-secret-123");
        robot.clickOn("#bot-wecom-url").write(sim.url().toString());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(start.isDisabled()).isFalse();
        robot.clickOn("#bot-start");

        Label status = robot.lookup("#bot-status").queryAs(Label.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> status.getText().startsWith("Connected to WeCom as AI bot aibUiTest"));
        assertThat(sim.botOnline()).isTrue();

        String msgId = sim.sendMixed("wrkUiGroup", "amy", "@Halfday", sample("chelsea.png"));
        @SuppressWarnings("unchecked")
        TableView<HandledMessage> table = robot.lookup("#bot-table").queryAs(TableView.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> table.getItems().size() == 1);
        HandledMessage row = table.getItems().get(0);
        assertThat(row.result()).isEqualTo(HandledMessage.Result.REPLIED);
        assertThat(row.chatName()).isEqualTo("wrkUiGroup");
        assertThat(row.senderName()).isEqualTo("amy");
        assertThat(row.detections()).anyMatch(d -> d.label().equals("cat"));
        assertThat(sim.awaitReplies(2, Duration.ofSeconds(10))).extracting(Reply::msgId).containsOnly(msgId);
        ListView<?> groups = robot.lookup("#bot-groups").queryAs(ListView.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> groups.getItems().size() == 1);

        // The credentials are kept for next time in an owner-only file, not in the settings.
        Path saved = WeComCredentials.defaultFile();
        assertThat(WeComCredentials.load(saved)).contains(new WeComCredentials("aibUiTest", "ui-secret-123", sim.url()));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(saved))).isEqualTo("rw-------");
        robot.clickOn("#bot-stop");
        await().atMost(Duration.ofSeconds(20)).until(() -> status.getText().startsWith("Stopped"));
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(settingsFile)
                && Files.readString(settingsFile).contains("wecom"));
        assertThat(Files.readString(settingsFile)).doesNotContain("ui-secret-123");
    }

    @Test
    void aWrongSecretShowsTheReasonAndStops(FxRobot robot) throws Exception {
        sim = WeComGatewaySimulator.start("aibUiTest", "right-secret");
        robot.clickOn("#bot-demo");
        robot.interact(() -> {
            page.viewModel().channelProperty().set("wecom");
            page.viewModel().wecomBotIdProperty().set("aibUiTest");
            page.viewModel().wecomSecretProperty().set("wrong-secret");
            page.viewModel().wecomUrlProperty().set(sim.url().toString());
        });
        robot.clickOn("#bot-start");
        Label status = robot.lookup("#bot-status").queryAs(Label.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> status.getText().contains("853000"));
        assertThat(status.getText()).contains("WeCom refused the Bot ID or Secret");
        await().atMost(Duration.ofSeconds(10)).until(() -> !robot.lookup("#bot-start").queryAs(Button.class).isDisabled());
        assertThat(sim.connectionCount()).isEqualTo(1);
    }

    @Test
    void weComDemoAnswersAPhotoPostedIntoTheSimulatedGroup(FxRobot robot) {
        robot.interact(() -> {
            page.viewModel().humanDelayProperty().set(false);
            page.viewModel().channelProperty().set("wecom");
        });
        assertThat(robot.lookup("#bot-wecom-credentials").query().isVisible()).as("no credentials in demo mode").isFalse();
        robot.clickOn("#bot-start");
        Label status = robot.lookup("#bot-status").queryAs(Label.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> status.getText().startsWith("Connected to WeCom"));

        robot.clickOn("#bot-send-sample");
        @SuppressWarnings("unchecked")
        ListView<ChatLine> chat = robot.lookup("#bot-chat").queryAs(ListView.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> chat.getItems().stream().filter(ChatLine::fromBot).count() == 2);
        assertThat(chat.getItems().get(1).hasImage()).as("the annotated photo").isTrue();
        // Kept as a thumbnail that fits the chat, decoded in the background.
        await().atMost(Duration.ofSeconds(10)).until(() -> chat.getItems().get(1).thumbnailProperty().get() != null);
        javafx.scene.image.Image thumb = chat.getItems().get(1).thumbnailProperty().get();
        assertThat(thumb.getWidth()).isLessThanOrEqualTo(200);
        assertThat(thumb.getHeight()).isLessThanOrEqualTo(140);
        assertThat(chat.getItems().get(2).text()).startsWith("Found 1 object: cat");
    }
}
