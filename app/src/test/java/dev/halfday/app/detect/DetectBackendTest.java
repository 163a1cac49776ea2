package dev.halfday.app.detect;

import dev.halfday.app.serve.ServeExtension;
import dev.halfday.app.testing.TestHomes;
import dev.halfday.app.testing.TestModel;
import dev.halfday.app.testing.TestWindow;
import dev.halfday.engine.client.BackendSpec;
import dev.halfday.engine.detect.Detection;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
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

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.halfday.app.testing.FxTesting.fx;
import static dev.halfday.app.testing.FxTesting.waitUntil;
import static dev.halfday.app.testing.TestSamples.sample;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Detect tab through each detection backend, in the real window with the real model: the app's own service
 * (the "Serve detection on this computer" switch, on a free loopback port) answering as a Halfday server and as
 * TensorFlow Serving, and a closed port that fails each image on its thumbnail while the batch goes on.
 */
@ExtendWith(ApplicationExtension.class)
class DetectBackendTest {

    private static final Pattern SERVING = Pattern.compile("127\\.0\\.0\\.1:(\\d+) · (\\d+) requests? · p50 (\\S+) ms");

    private TestWindow app;
    private DetectPage page;

    @Start
    void start(Stage stage) throws Exception {
        app = new TestWindow(stage, "detect-backend");
        app.ctx().detectors().use(TestModel.get());
        // Any free port, so the test never collides with a real server on 50051.
        app.ctx().settings().intSetting(ServeExtension.PORT_SETTING, 50051, 0, 65535).set(0);
        page = (DetectPage) app.window().page(DetectPage.ID).orElseThrow();
    }

    @AfterEach
    void closeWindow(FxRobot robot) {
        app.close(robot);
    }

    private DetectViewModel vm() {
        return page.viewModel();
    }

    private BatchItem item(String name) {
        return fx(() -> vm().items().stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow());
    }

    private void waitForBatch(int images) {
        waitUntil(images + " images to finish", () -> vm().items().size() == images && !vm().runningProperty().get());
    }

    private String status(FxRobot robot) {
        return fx(() -> robot.lookup("#status-message").queryAs(Label.class).getText());
    }

    private String serveStatus(FxRobot robot) {
        return fx(() -> robot.lookup("#serve-status").queryAs(Label.class).getText());
    }

    private List<String> boxLabels(FxRobot robot) {
        return fx(() -> robot.lookup(".det-box").queryAll().stream().filter(Node::isVisible)
                .map(n -> ((Detection) n.getUserData()).label()).toList());
    }

    private ListCell<?> thumbnailCell(FxRobot robot, BatchItem item) {
        return fx(() -> robot.lookup(".thumbnail-cell").queryAllAs(ListCell.class).stream()
                .filter(c -> c.getItem() == item).findFirst().orElseThrow());
    }

    private Path copyOfSample(String sample, String as) throws Exception {
        return Files.copy(sample(sample), TestHomes.fresh("backend-photos").resolve(as));
    }

    @Test
    void theAppsOwnServiceAnswersAsAHalfdayServerAndAsTfServing(FxRobot robot) throws Exception {
        robot.clickOn("#serve-switch .thumb-area");
        waitUntil("the service to start", () -> SERVING.matcher(serveStatus(robot)).matches());
        Matcher serving = SERVING.matcher(serveStatus(robot));
        assertThat(serving.matches()).isTrue();
        String address = "127.0.0.1:" + serving.group(1);

        // Chosen as a user would: Tools → Detection backend… → Halfday server, its address, OK.
        robot.clickOn("Tools").clickOn("Detection backend…");
        WaitForAsyncUtils.waitForFxEvents();
        DialogPane dialog = robot.lookup("#backend-dialog").queryAs(DialogPane.class);
        robot.clickOn("#backend-halfday");
        robot.interact(() -> robot.lookup("#backend-halfday-address").queryAs(TextField.class).setText(address));
        robot.clickOn((Button) dialog.lookupButton(ButtonType.OK));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(status(robot)).as("the empty tab says where photos will go").contains("halfday " + address);

        // The Detect tab's detection thread waits on the app's own server: it must answer, not deadlock.
        app.drop(robot, sample("chelsea.png"));
        waitForBatch(1);
        BatchItem viaHalfday = item("chelsea.png");
        assertThat(viaHalfday.state()).isEqualTo(BatchItem.State.DONE);
        assertThat(viaHalfday.backend()).isEqualTo(BackendSpec.parse(address));
        assertThat(boxLabels(robot)).contains("cat");
        assertThat(status(robot)).startsWith("chelsea.png · 451 × 300 · ").endsWith(" ms · coco-centernet · halfday " + address);
        waitUntil("the service to count the request", () -> serveStatus(robot).contains(" · 1 request · "));
        // The model was asked at the low floor, so the slider still filters without asking again.
        assertThat(viaHalfday.result().detections()).anySatisfy(d -> assertThat(d.score()).isLessThan(0.3f));

        robot.interact(() -> app.ctx().detectionBackend().specProperty().set("tfs:" + address + "/detector"));
        app.drop(robot, copyOfSample("chelsea.png", "chelsea-tfs.png"));
        waitForBatch(2);
        robot.clickOn(thumbnailCell(robot, item("chelsea-tfs.png")));
        BatchItem viaTfs = item("chelsea-tfs.png");
        assertThat(viaTfs.state()).isEqualTo(BatchItem.State.DONE);
        waitUntil("the cat box", () -> boxLabels(robot).contains("cat"));
        assertThat(status(robot)).startsWith("chelsea-tfs.png · 451 × 300 · ")
                .endsWith(" ms · detector · TF Serving " + address);
        waitUntil("the service to count both requests", () -> serveStatus(robot).contains(" · 2 requests · "));
        // Both ways to the same model find the same cat in the same place.
        Detection a = viaHalfday.result().above(0.3f).get(0);
        Detection b = viaTfs.result().above(0.3f).get(0);
        assertThat(b.label()).isEqualTo(a.label());
        assertThat(Math.abs(b.box().x1() - a.box().x1()) + Math.abs(b.box().y2() - a.box().y2())).isLessThan(4f);
    }

    @Test
    void aBackendThatIsDownIsTriedForTheFirstImageAndTheRestOfTheBatchFailsAtOnce(FxRobot robot) throws Exception {
        // A "server" that takes each connection and hangs up at once: the client sees UNAVAILABLE, and every
        // attempt it makes is counted here.
        java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
        try (ServerSocket down = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Thread acceptor = new Thread(() -> {
                while (!down.isClosed()) {
                    try (java.net.Socket s = down.accept()) {
                        connections.incrementAndGet();
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            }, "down-backend");
            acceptor.setDaemon(true);
            acceptor.start();
            String address = "127.0.0.1:" + down.getLocalPort();
            robot.interact(() -> app.ctx().detectionBackend().specProperty().set(address));

            app.drop(robot, sample("chelsea.png"), sample("coffee.png"), sample("motorcycle_left.png"));
            waitForBatch(3);

            String first = item("chelsea.png").errorDetailProperty().get();
            assertThat(first).startsWith("cannot reach the Halfday server at " + address + " (tried 4 times)");
            for (String name : List.of("chelsea.png", "coffee.png", "motorcycle_left.png")) {
                BatchItem failed = item(name);
                assertThat(failed.state()).as(name).isEqualTo(BatchItem.State.FAILED);
                assertThat(failed.errorProperty().get()).isEqualTo("error.backendUnreachable");
                assertThat(failed.errorDetailProperty().get()).as("the same clear error").isEqualTo(first);
                assertThat(fx(() -> failed.thumbnailProperty().get())).as("still shown: the photo was fine").isNotNull();
            }
            // Only the first image tried the backend: its 4 attempts (about 5 connections with gRPC's own
            // reconnect); the other two did not try again (all three trying made 14 here).
            assertThat(connections.get()).as("connections").isBetween(1, 8);

            // A new batch tries again (the server may be back).
            int before = connections.get();
            app.drop(robot, copyOfSample("rocket.jpg", "rocket-again.jpg"));
            waitForBatch(4);
            assertThat(item("rocket-again.jpg").state()).isEqualTo(BatchItem.State.FAILED);
            assertThat(connections.get()).isGreaterThan(before);
        }
    }

    @Test
    void aClosedPortFailsEachImageOnItsThumbnailAndTheBatchGoesOn(FxRobot robot) throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        String address = "127.0.0.1:" + closedPort;
        robot.interact(() -> app.ctx().detectionBackend().specProperty().set(address));

        app.drop(robot, sample("chelsea.png"), sample("coffee.png"));
        waitForBatch(2);
        for (String name : List.of("chelsea.png", "coffee.png")) {
            BatchItem failed = item(name);
            assertThat(failed.state()).as(name).isEqualTo(BatchItem.State.FAILED);
            assertThat(failed.errorProperty().get()).isEqualTo("error.backendUnreachable");
            assertThat(failed.errorDetailProperty().get()).startsWith("cannot reach the Halfday server at " + address);
            ListCell<?> cell = thumbnailCell(robot, failed);
            assertThat(fx(() -> cell.getPseudoClassStates().contains(PseudoClass.getPseudoClass("failed")))).isTrue();
            assertThat(fx(() -> ((Label) cell.lookup(".thumb-placeholder")).getText())).isEqualTo("⚠ Backend unreachable");
            assertThat(fx(() -> ((ImageView) cell.lookup(".thumb-frame > .image-view")).getImage()))
                    .as("the photo itself was fine: its thumbnail shows").isNotNull();
            assertThat(fx(() -> cell.getTooltip().getText()))
                    .startsWith(name + "\nBackend unreachable\ncannot reach the Halfday server at " + address);
        }
        assertThat(fx(() -> robot.lookup("#batch-counts").queryAs(Label.class).getText()))
                .isEqualTo("2 of 2 done · 2 failed");
        assertThat(status(robot)).isEqualTo("chelsea.png · Backend unreachable · halfday " + address);

        // Back to this app's model: the next photos are detected again.
        robot.interact(() -> app.ctx().detectionBackend().specProperty().set("local"));
        app.drop(robot, sample("motorcycle_left.png"));
        waitForBatch(3);
        assertThat(item("motorcycle_left.png").state()).isEqualTo(BatchItem.State.DONE);
        robot.clickOn(thumbnailCell(robot, item("motorcycle_left.png")));
        waitUntil("the motorcycle box", () -> boxLabels(robot).contains("motorcycle"));
        assertThat(status(robot)).endsWith(" ms · coco-centernet · local");
    }
}
