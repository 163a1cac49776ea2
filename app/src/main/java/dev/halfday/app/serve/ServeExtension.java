package dev.halfday.app.serve;

import dev.halfday.app.common.AppContext;
import dev.halfday.app.common.AppEvents;
import dev.halfday.app.common.EventBus;
import dev.halfday.app.shell.ShellExtension;
import javafx.scene.Node;
import javafx.scene.control.MenuItem;

import java.util.List;

/**
 * The detection service in the app's frame: the "Serve detection on this computer" switch in the status bar and
 * "Detection backend…" in the Tools menu (also opened by {@link AppEvents.ChooseDetectionBackend} from the Bot tab).
 * Registered in {@code ShellPlugins.extensions()}.
 */
public final class ServeExtension implements ShellExtension {

    public static final String BUNDLE = "dev.halfday.app.serve.messages";
    /** The port the switch serves on (0: any free port). */
    public static final String PORT_SETTING = "serve.port";

    private final AppContext ctx;
    private final LocalServeController controller;
    private final EventBus.Subscription chooseBackend;

    public ServeExtension(AppContext ctx) {
        this.ctx = ctx;
        ctx.i18n().addBundle(BUNDLE);
        var port = ctx.settings().intSetting(PORT_SETTING, dev.halfday.engine.serve.ServeOptions.DEFAULT_PORT, 0, 65535);
        this.controller = new LocalServeController(ctx.detectors(), ctx.background().work(), port::get);
        this.chooseBackend = ctx.events().subscribe(AppEvents.ChooseDetectionBackend.class,
                e -> BackendDialog.show(ctx, ctx.detectionBackend()));
    }

    public LocalServeController controller() {
        return controller;
    }

    @Override
    public List<Node> statusItems() {
        return List.of(new ServeSwitch(controller, ctx.i18n()));
    }

    @Override
    public List<MenuItem> toolsMenuItems() {
        MenuItem backend = new MenuItem();
        backend.setId("menu-detection-backend");
        backend.textProperty().bind(ctx.i18n().text("backend.menu"));
        backend.setOnAction(e -> ctx.events().publish(new AppEvents.ChooseDetectionBackend()));
        return List.of(backend);
    }

    @Override
    public void dispose() {
        chooseBackend.close();
        controller.close();
    }
}
