package dev.halfday.app.detect;

import dev.halfday.app.common.AppContext;
import dev.halfday.app.common.AppEvents;
import dev.halfday.app.common.I18n;
import dev.halfday.app.common.Models;
import dev.halfday.app.shell.ShellExtension;
import dev.halfday.engine.detect.Detector;
import javafx.application.Platform;
import javafx.scene.control.MenuItem;
import javafx.stage.DirectoryChooser;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Tools ▸ Load detection model folder… / Use the bundled detection model. The model is shared by the whole app,
 * so this lives in the frame rather than on the Detect tab. A folder that is not a usable model is reported and
 * the current model stays in use.
 */
public final class ModelMenu implements ShellExtension {

    private final AppContext ctx;
    private final I18n i18n;

    public ModelMenu(AppContext ctx) {
        this.ctx = ctx;
        this.i18n = ctx.i18n();
        i18n.addBundle(DetectPage.BUNDLE);
    }

    @Override
    public List<MenuItem> toolsMenuItems() {
        MenuItem folder = new MenuItem();
        folder.setId("menu-model-folder");
        folder.textProperty().bind(i18n.text("model.loadFolder"));
        folder.setOnAction(e -> chooseFolder());
        MenuItem bundled = new MenuItem();
        bundled.setId("menu-model-bundled");
        bundled.textProperty().bind(i18n.text("model.useBundled"));
        bundled.setOnAction(e -> load(Models::loadDefault, i18n.get("model.bundledName")));
        return List.of(folder, bundled);
    }

    private void chooseFolder() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(i18n.get("model.loadFolder.title"));
        File dir = chooser.showDialog(ctx.stage());
        if (dir != null) {
            loadFolder(dir.toPath());
        }
    }

    /** Loads a TF.js CenterNet folder or an Object Detection API SavedModel in the background. */
    public CompletableFuture<Detector> loadFolder(Path folder) {
        return load(() -> Models.loadFolder(folder), folder.toString());
    }

    private CompletableFuture<Detector> load(dev.halfday.app.common.DetectorService.Loader loader, String what) {
        return ctx.detectors().load(loader).whenComplete((detector, error) -> Platform.runLater(() -> {
            if (error == null) {
                notify(AppEvents.Severity.INFO, i18n.get("model.loaded", detector.model().name()));
            } else {
                Throwable cause = error.getCause() != null && error instanceof java.util.concurrent.CompletionException
                        ? error.getCause() : error;
                var current = ctx.detectors().modelProperty().get();
                notify(AppEvents.Severity.ERROR, current == null
                        ? i18n.get("model.failed", what, cause.getMessage())
                        : i18n.get("model.failedKeeping", what, cause.getMessage(), current.name()));
            }
        }));
    }

    private void notify(AppEvents.Severity severity, String message) {
        ctx.events().publish(new AppEvents.Notify(severity, message));
    }
}
