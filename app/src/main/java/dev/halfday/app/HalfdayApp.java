package dev.halfday.app;

import dev.halfday.app.common.AppContext;
import dev.halfday.app.common.Fonts;
import dev.halfday.app.common.Models;
import dev.halfday.app.common.SettingsStore;
import dev.halfday.app.shell.MainWindow;
import dev.halfday.app.shell.ShellPlugins;
import javafx.application.Application;
import javafx.stage.Stage;

/** The JavaFX application: builds the shared context, starts loading the model, shows the main window. */
public class HalfdayApp extends Application {

    private AppContext ctx;

    @Override
    public void start(Stage stage) {
        Fonts.loadBundled();
        ctx = AppContext.create(SettingsStore.standard());
        // The window appears at once with a "Loading model…" state; the model arrives in the background.
        ctx.detectors().load(Models::loadDefault);
        new MainWindow(ctx, ShellPlugins.pages(), ShellPlugins.extensions()).show(stage);
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
