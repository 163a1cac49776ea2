package dev.halfday.app;

import dev.halfday.app.common.AppContext;
import dev.halfday.app.common.AppEvents;
import dev.halfday.app.common.Fonts;
import dev.halfday.app.common.Models;
import dev.halfday.app.common.SettingsStore;
import dev.halfday.app.shell.MainWindow;
import dev.halfday.app.shell.ShellPlugins;
import dev.halfday.engine.util.TensorFlowEnvironment;
import javafx.application.Application;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;

/**
 * The JavaFX application: builds the shared context, starts loading the model, shows the main window.
 * Arguments are files or folders to open ({@code mvn javafx:run -Djavafx.args="photo.jpg"}).
 */
public class HalfdayApp extends Application {

    static {
        // Before anything can touch TensorFlow: its oneDNN kernels make detection and GAN training ~1.4× faster
        // on AVX2 CPUs, where TensorFlow leaves them off unless the environment says otherwise.
        TensorFlowEnvironment.preferOneDnn();
    }

    private AppContext ctx;

    private static final Logger log = LoggerFactory.getLogger(HalfdayApp.class);

    @Override
    public void start(Stage stage) {
        // A bug in a handler must be visible in the log, not vanish with a background thread.
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> log.error("uncaught exception in {}", t.getName(), e));
        Fonts.loadBundled();
        ctx = AppContext.create(SettingsStore.standard());
        // The window appears at once with a "Loading model…" state; the model arrives in the background.
        ctx.detectors().load(Models::loadDefault);
        new MainWindow(ctx, ShellPlugins.pages(), ShellPlugins.extensions()).show(stage);
        // Files and folders named on the command line open at once, like a drop.
        List<Path> paths = getParameters().getUnnamed().stream().map(a -> Path.of(a).toAbsolutePath()).toList();
        if (!paths.isEmpty()) {
            ctx.events().publish(new AppEvents.OpenImages(paths));
        }
    }

    @Override
    public void stop() {
        if (ctx != null) {
            ctx.close();
        }
    }

    public static void main(String[] args) {
        launch(HalfdayApp.class, args);
    }
}
