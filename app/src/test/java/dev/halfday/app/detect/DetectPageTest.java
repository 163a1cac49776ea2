package dev.halfday.app.detect;

import dev.halfday.app.testing.TestHomes;
import dev.halfday.app.testing.TestModel;
import dev.halfday.app.testing.TestWindow;
import dev.halfday.engine.detect.Detection;
import dev.halfday.engine.detect.DetectionResult;
import dev.halfday.engine.detect.Detector;
import javafx.css.PseudoClass;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Slider;
import javafx.scene.image.Image;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.robot.Motion;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.halfday.app.testing.FxTesting.fx;
import static dev.halfday.app.testing.FxTesting.waitUntil;
import static dev.halfday.app.testing.TestSamples.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The Detect tab end to end, with the real bundled model on real photos: files are dropped through an in-app
 * drag source, exactly as the OS would hand them over. The model loads once for all UI tests.
 */
@ExtendWith(ApplicationExtension.class)
class DetectPageTest {

    private static Detector detector;

    private TestWindow app;
    private DetectPage page;

    @BeforeAll
    static void loadModel() throws Exception {
        detector = TestModel.get();
    }

    @Start
    void start(Stage stage) throws Exception {
        app = new TestWindow(stage, "detect");
        app.ctx().detectors().use(detector);
        page = (DetectPage) app.window().page(DetectPage.ID).orElseThrow();
    }

    @AfterEach
    void closeWindow(FxRobot robot) {
        app.close(robot);
    }

    private DetectViewModel vm() {
        return page.viewModel();
    }

    private void drop(FxRobot robot, Path... paths) {
        app.drop(robot, paths);
    }

    private void waitForBatch() {
        waitUntil("the batch to finish", () -> !vm().items().isEmpty() && !vm().runningProperty().get());
    }

    private BatchItem item(String name) {
        return fx(() -> vm().items().stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow());
    }

    private List<Detection> boxesShown(FxRobot robot) {
        return fx(() -> robot.lookup(".det-box").queryAll().stream()
                .filter(Node::isVisible).map(n -> (Detection) n.getUserData()).toList());
    }

    private List<String> tagsShown(FxRobot robot) {
        return fx(() -> robot.lookup(".det-tag").queryAllAs(Label.class).stream().map(Label::getText).toList());
    }

    private List<String> listRows(FxRobot robot) {
        return fx(() -> robot.lookup("#detection-list .det-name").queryAllAs(Label.class).stream()
                .filter(l -> l.getParent() != null && l.getParent().getParent() instanceof ListCell<?> c
                        && !c.isEmpty())
                .map(Label::getText).toList());
    }

    @Test
    void droppedPhotoGetsItsBoxesDrawnOverTheImage(FxRobot robot) {
        drop(robot, sample("astronaut.png"));
        waitForBatch();

        BatchItem astronaut = item("astronaut.png");
        assertThat(astronaut.state()).isEqualTo(BatchItem.State.DONE);
        List<Detection> shown = boxesShown(robot);
        assertThat(shown).extracting(Detection::label).contains("person");
        assertThat(shown).allSatisfy(d -> assertThat(d.score()).isGreaterThanOrEqualTo(0.3f));
        assertThat(tagsShown(robot)).anySatisfy(t -> assertThat(t).matches("person \\d+%"));
        assertThat(listRows(robot)).contains("person");

        // Each box sits where the model put it, at the viewer's scale.
        waitUntil("the image to be shown", () -> vm().imageProperty().get() != null);
        fx(() -> {
            ImageViewer viewer = (ImageViewer) robot.lookup("#image-viewer").query();
            double scale = viewer.scaleProperty().get();
            for (Node n : robot.lookup(".det-box").queryAll()) {
                Detection d = (Detection) n.getUserData();
                Bounds b = ((Region) n).getBoundsInParent();
                assertThat(b.getMinX()).isCloseTo(d.box().x1() * scale, within(1.5));
                assertThat(b.getMinY()).isCloseTo(d.box().y1() * scale, within(1.5));
                assertThat(b.getWidth()).isCloseTo(d.box().width() * scale, within(2.5));
            }
            return null;
        });
        assertThat(fx(() -> robot.lookup("#status-message").queryAs(Label.class).getText()))
                .startsWith("astronaut.png · 512 × 512 · ").contains("coco-centernet").contains(" ms");
    }

    @Test
    void confidenceSliderHidesWeakBoxesWithoutRunningTheModelAgain(FxRobot robot) {
        drop(robot, sample("coffee.png"));
        waitForBatch();
        DetectionResult result = item("coffee.png").result();

        robot.clickOn("#threshold-slider .thumb").type(KeyCode.HOME);
        assertThat(fx(() -> vm().thresholdProperty().get())).isCloseTo(0.05, within(1e-6));
        List<Detection> atFloor = boxesShown(robot);

        robot.type(KeyCode.RIGHT, 9); // block increment 0.05 → 0.50
        assertThat(fx(() -> vm().thresholdProperty().get())).isCloseTo(0.50, within(1e-6));
        List<Detection> atHalf = boxesShown(robot);

        assertThat(atFloor.size()).isGreaterThan(atHalf.size());
        assertThat(atHalf).isNotEmpty().allSatisfy(d -> assertThat(d.score()).isGreaterThanOrEqualTo(0.5f));
        assertThat(atHalf).extracting(Detection::label).contains("cup");
        assertThat(atFloor).containsAll(atHalf);
        assertThat(listRows(robot)).hasSize(atHalf.size());
        assertThat(item("coffee.png").result()).as("filtering never re-runs the model").isSameAs(result);
    }

    @Test
    void badFileInABatchShowsItsErrorAndTheBatchGoesOn(FxRobot robot) throws Exception {
        Path dir = TestHomes.fresh("bad-batch");
        Path notes = Files.writeString(dir.resolve("notes.jpg"), "shopping list: milk, eggs\n");
        drop(robot, sample("astronaut.png"), notes, sample("coffee.png"));
        waitForBatch();

        assertThat(item("astronaut.png").state()).isEqualTo(BatchItem.State.DONE);
        assertThat(item("coffee.png").state()).isEqualTo(BatchItem.State.DONE);
        BatchItem bad = item("notes.jpg");
        assertThat(bad.state()).isEqualTo(BatchItem.State.FAILED);
        assertThat(bad.errorProperty().get()).isEqualTo("error.notImage");

        ListCell<?> cell = fx(() -> robot.lookup(".thumbnail-cell").queryAllAs(ListCell.class).stream()
                .filter(c -> c.getItem() == bad).findFirst().orElseThrow());
        assertThat(fx(() -> cell.getPseudoClassStates().contains(PseudoClass.getPseudoClass("failed")))).isTrue();
        assertThat(fx(() -> ((Label) cell.lookup(".thumb-placeholder")).getText())).isEqualTo("⚠ Not an image");
        assertThat(fx(() -> cell.getTooltip().getText())).startsWith("notes.jpg\nNot an image\n")
                .contains("not an image");
        assertThat(fx(() -> robot.lookup("#batch-counts").queryAs(Label.class).getText()))
                .isEqualTo("3 of 3 done · 1 failed");

        // Selecting it explains the failure over the image area.
        robot.clickOn(cell);
        assertThat(fx(() -> robot.lookup("#selection-message").query().isVisible())).isTrue();
        assertThat(fx(() -> robot.lookup("#selection-message .message-title").queryAs(Label.class).getText()))
                .isEqualTo("⚠ notes.jpg: Not an image");
    }

    @Test
    void droppedFolderOfThreePhotosShowsProgressAndThreeResults(FxRobot robot) throws Exception {
        Path dir = TestHomes.fresh("folder");
        Files.copy(sample("chelsea.png"), dir.resolve("chelsea.png"));
        Files.createDirectories(dir.resolve("more"));
        Files.copy(sample("coffee.png"), dir.resolve("more/coffee.png"));
        Files.copy(sample("motorcycle_left.png"), dir.resolve("more/motorcycle_left.png"));
        Files.writeString(dir.resolve("readme.txt"), "not a photo");
        List<Double> progress = Collections.synchronizedList(new ArrayList<>());
        robot.interact(() -> robot.lookup("#batch-progress").queryAs(ProgressBar.class).progressProperty()
                .addListener((obs, old, now) -> progress.add(now.doubleValue())));

        drop(robot, dir);
        waitForBatch();

        assertThat(fx(() -> vm().items().stream().map(BatchItem::name).toList()))
                .containsExactly("chelsea.png", "coffee.png", "motorcycle_left.png");
        assertThat(progress).containsSubsequence(1 / 3.0, 2 / 3.0, 1.0);
        assertThat(fx(() -> robot.lookup("#batch-counts").queryAs(Label.class).getText())).isEqualTo("3 of 3 done");
        assertThat(fx(() -> robot.lookup("#batch-cancel").query().isVisible())).isFalse();
        assertThat(labelsAbove("chelsea.png")).contains("cat");
        assertThat(labelsAbove("coffee.png")).contains("cup");
        assertThat(labelsAbove("motorcycle_left.png")).contains("motorcycle");
        List<String> badges = fx(() -> robot.lookup(".thumbnail-cell .thumb-badge").queryAllAs(Label.class)
                .stream().filter(Node::isVisible).map(Label::getText).toList());
        assertThat(badges).hasSize(3).allSatisfy(b -> assertThat(Integer.parseInt(b)).isPositive());
    }

    @Test
    void cancelSkipsTheImagesNotStartedAndTheNextBatchRunsNormally(FxRobot robot) throws Exception {
        Path dir = TestHomes.fresh("cancel");
        for (String name : List.of("chelsea.png", "coffee.png", "motorcycle_left.png", "rocket.jpg")) {
            Files.copy(sample(name), dir.resolve(name));
        }
        // Hold the detection thread (the app's own, single one) so the batch is certain to be waiting when Cancel
        // is clicked, however fast this machine is.
        java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
        app.ctx().background().detection().execute(() -> {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            drop(robot, dir);
            waitUntil("four queued images", () -> vm().items().size() == 4);
            assertThat(fx(() -> robot.lookup("#batch-cancel").query().isVisible())).isTrue();

            robot.clickOn("#batch-cancel");
        } finally {
            gate.countDown();
        }
        waitForBatch();

        assertThat(fx(() -> vm().items().stream().map(BatchItem::state).toList()))
                .containsOnly(BatchItem.State.CANCELLED).hasSize(4);
        assertThat(fx(() -> vm().items().stream().allMatch(i -> i.result() == null))).as("the model never ran").isTrue();
        assertThat(fx(() -> robot.lookup("#batch-counts").queryAs(Label.class).getText())).isEqualTo("4 of 4 done · 4 skipped");
        assertThat(fx(() -> robot.lookup("#batch-progress").queryAs(ProgressBar.class).getProgress())).isEqualTo(1.0);
        assertThat(fx(() -> robot.lookup("#batch-cancel").query().isVisible())).isFalse();
        assertThat(fx(() -> robot.lookup(".thumbnail-cell .thumb-placeholder").queryAllAs(Label.class).stream()
                .filter(Node::isVisible).map(Label::getText).toList())).hasSize(4).containsOnly("Skipped");
        assertThat(fx(() -> robot.lookup("#selection-message .message-title").queryAs(Label.class).getText()))
                .isEqualTo("chelsea.png was skipped: the batch was cancelled.");

        // Cancelling leaves nothing behind: the next photo is detected as usual, in a batch of its own.
        drop(robot, sample("astronaut.png"));
        waitUntil("the new photo", () -> item("astronaut.png").state() == BatchItem.State.DONE);
        waitForBatch();
        assertThat(labelsAbove("astronaut.png")).contains("person");
        assertThat(fx(() -> robot.lookup("#batch-counts").queryAs(Label.class).getText())).isEqualTo("1 of 1 done");
    }

    private Set<String> labelsAbove(String name) {
        BatchItem item = item(name);
        return fx(() -> Set.copyOf(item.result().above(0.3f).stream().map(Detection::label).toList()));
    }

    @Test
    void switchingLanguageRelabelsDetectionsLive(FxRobot robot) {
        drop(robot, sample("chelsea.png"));
        waitForBatch();
        assertThat(listRows(robot)).contains("cat");
        assertThat(tagsShown(robot)).anySatisfy(t -> assertThat(t).matches("cat \\d+%"));

        robot.clickOn("View").clickOn("Language").clickOn("中文", Motion.HORIZONTAL_FIRST);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(listRows(robot)).contains("猫").doesNotContain("cat");
        assertThat(tagsShown(robot)).anySatisfy(t -> assertThat(t).matches("猫 \\d+%"));
        assertThat(fx(() -> robot.lookup("#detect-save").queryButton().getText())).isEqualTo("保存标注图片…");
        assertThat(fx(() -> robot.lookup("#status-message").queryAs(Label.class).getText())).contains("个物体");
    }

    @Test
    void pointingAtARowHighlightsItsBoxAndBack(FxRobot robot) {
        drop(robot, sample("coffee.png"));
        waitForBatch();
        PseudoClass highlighted = PseudoClass.getPseudoClass("highlighted");

        ListCell<?> row = fx(() -> robot.lookup("#detection-list .list-cell").queryAllAs(ListCell.class).stream()
                .filter(c -> !c.isEmpty()).findFirst().orElseThrow());
        Detection d = (Detection) fx(row::getItem);
        robot.moveTo(row);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm().highlightedProperty().get()).isSameAs(d);
        Node box = fx(() -> robot.lookup(".det-box").queryAll().stream()
                .filter(n -> n.getUserData() == d).findFirst().orElseThrow());
        assertThat(fx(() -> box.getPseudoClassStates().contains(highlighted))).isTrue();

        robot.moveTo("#threshold-slider");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm().highlightedProperty().get()).isNull();
        assertThat(fx(() -> box.getPseudoClassStates().contains(highlighted))).isFalse();

        robot.moveTo(box);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm().highlightedProperty().get()).isNotNull();
        Detection hovered = vm().highlightedProperty().get();
        ListCell<?> hoveredRow = fx(() -> robot.lookup("#detection-list .list-cell").queryAllAs(ListCell.class)
                .stream().filter(c -> c.getItem() == hovered).findFirst().orElseThrow());
        assertThat(fx(() -> hoveredRow.getPseudoClassStates().contains(highlighted))).isTrue();
    }

    @Test
    void savesTheAnnotatedImageAsAPng(FxRobot robot) throws Exception {
        drop(robot, sample("chelsea.png"));
        waitForBatch();
        Path target = TestHomes.fresh("save").resolve("chelsea-annotated.png");

        Path saved = fx(() -> vm().saveAnnotated(target)).get(60, TimeUnit.SECONDS);

        BufferedImage original = ImageIO.read(sample("chelsea.png").toFile());
        BufferedImage annotated = ImageIO.read(saved.toFile());
        assertThat(annotated.getWidth()).isEqualTo(original.getWidth());
        assertThat(annotated.getHeight()).isEqualTo(original.getHeight());
        Detection cat = item("chelsea.png").result().above(0.3f).get(0);
        int x = Math.round(cat.box().x1()) + 1;
        int y = Math.round((cat.box().y1() + cat.box().y2()) / 2);
        assertThat(annotated.getRGB(x, y)).as("a box edge is drawn").isNotEqualTo(original.getRGB(x, y));
        try (var files = Files.list(target.getParent())) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void ctrlWheelZoomsAndFitComesBack(FxRobot robot) {
        drop(robot, sample("motorcycle_left.png"));
        waitForBatch();
        waitUntil("the image to be shown", () -> vm().imageProperty().get() != null);
        ImageViewer viewer = (ImageViewer) robot.lookup("#image-viewer").query();
        double fitScale = fx(() -> viewer.scaleProperty().get());

        // The wheel's direction and step differ between platforms (Monocle sends ±1): only check that it zooms.
        robot.moveTo(viewer).press(KeyCode.CONTROL).scroll(60, javafx.geometry.VerticalDirection.UP)
                .release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        double wheeled = fx(() -> viewer.scaleProperty().get());
        assertThat(Math.abs(Math.log(wheeled / fitScale))).isGreaterThan(Math.log(1.1));
        assertThat(fx(() -> viewer.fitProperty().get())).isFalse();

        robot.clickOn("#zoom-in");
        assertThat(fx(() -> viewer.scaleProperty().get())).isCloseTo(wheeled * 1.25, within(1e-6));
        robot.press(KeyCode.CONTROL, KeyCode.MINUS).release(KeyCode.MINUS, KeyCode.CONTROL);
        assertThat(fx(() -> viewer.scaleProperty().get())).isCloseTo(wheeled, within(1e-6));

        robot.clickOn("#zoom-fit");
        assertThat(fx(() -> viewer.scaleProperty().get())).isCloseTo(fitScale, within(1e-6));
        // Boxes follow the scale: crisp nodes, not scaled pixels.
        fx(() -> {
            for (Node n : robot.lookup(".det-box").queryAll()) {
                Detection d = (Detection) n.getUserData();
                assertThat(((Region) n).getWidth()).isCloseTo(d.box().width() * fitScale, within(2.5));
            }
            return null;
        });
    }

    @Test
    void ctrlVPastesACopiedImageOrCopiedFiles(FxRobot robot) {
        robot.interact(() -> {
            ClipboardContent content = new ClipboardContent();
            content.putImage(new Image(sample("coffee.png").toUri().toString()));
            Clipboard.getSystemClipboard().setContent(content);
        });
        robot.press(KeyCode.CONTROL, KeyCode.V).release(KeyCode.V, KeyCode.CONTROL);
        waitForBatch();
        assertThat(labelsAbove("pasted-1.png")).contains("cup");

        robot.interact(() -> {
            ClipboardContent content = new ClipboardContent();
            content.putFiles(List.of(sample("chelsea.png").toFile()));
            Clipboard.getSystemClipboard().setContent(content);
        });
        robot.press(KeyCode.CONTROL, KeyCode.V).release(KeyCode.V, KeyCode.CONTROL);
        waitUntil("the second image", () -> vm().items().size() == 2 && !vm().runningProperty().get());
        assertThat(labelsAbove("chelsea.png")).contains("cat");
    }

    @Test
    void classFilterHidesAClassWithoutRunningTheModelAgain(FxRobot robot) {
        drop(robot, sample("coffee.png"));
        waitForBatch();
        DetectionResult result = item("coffee.png").result();
        assertThat(boxesShown(robot)).extracting(Detection::label).contains("cup");

        robot.clickOn("#class-filter");
        robot.clickOn(robot.lookup(".check-box").match((Node n) -> n.getScene() != null
                && ((javafx.scene.control.CheckBox) n).getParent() != null
                && n.getParent().lookupAll(".text").stream()
                .anyMatch(t -> "cup".equals(((javafx.scene.text.Text) t).getText()))).queryAs(Node.class));
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(boxesShown(robot)).extracting(Detection::label).doesNotContain("cup");
        assertThat(listRows(robot)).doesNotContain("cup");
        assertThat(fx(() -> vm().hiddenClasses())).containsExactly(41);
        assertThat(fx(() -> robot.lookup("#class-filter").queryAs(org.controlsfx.control.CheckComboBox.class)
                .getTitle())).matches("\\d+ of \\d+ classes");
        assertThat(item("coffee.png").result()).isSameAs(result);
    }
}
