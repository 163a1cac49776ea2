package dev.halfday.app.testing;

import dev.halfday.app.common.AppContext;
import dev.halfday.app.common.SettingsStore;
import dev.halfday.app.shell.MainWindow;
import dev.halfday.app.shell.ShellPlugins;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The real main window (every page and extension) on a test stage, with its own settings file and an in-app
 * drag source over its corner. No model is loaded: each test says which one to use.
 */
public final class TestWindow {

    private final AppContext ctx;
    private final MainWindow window;
    private final DragSource source = new DragSource();

    /** Call on the FX thread (a TestFX {@code @Start} method). */
    public TestWindow(Stage stage, String name) throws IOException {
        ctx = AppContext.create(new SettingsStore(TestHomes.fresh(name).resolve("settings.json")));
        window = new MainWindow(ctx, ShellPlugins.pages(), ShellPlugins.extensions());
        Scene scene = new Scene(source.over(window.root()), 1280, 780);
        scene.getStylesheets().add(MainWindow.stylesheet());
        ctx.attach(stage);
        stage.setScene(scene);
        stage.show();
    }

    public AppContext ctx() {
        return ctx;
    }

    public MainWindow window() {
        return window;
    }

    /** Drags files or folders from the drag source onto the Detect tab and drops them. */
    public void drop(FxRobot robot, Path... paths) {
        robot.interact(() -> source.carry(List.of(paths)));
        robot.drag(source.handle()).dropTo("#detect-page");
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Closes like the user would; call from an {@code @AfterEach}. */
    public void close(FxRobot robot) {
        robot.interact(() -> {
            window.close();
            ctx.close();
        });
    }
}
