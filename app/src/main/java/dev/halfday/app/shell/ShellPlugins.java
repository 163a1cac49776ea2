package dev.halfday.app.shell;

import dev.halfday.app.bot.BotPage;
import dev.halfday.app.common.AppContext;
import dev.halfday.app.detect.DetectPage;
import dev.halfday.app.detect.ModelMenu;
import dev.halfday.app.gan.GanPage;
import dev.halfday.app.serve.ServeExtension;

import java.util.List;
import java.util.function.Function;

/**
 * Everything the main window shows, in one place. Adding a capability to the app is one line here:
 * a page factory (a tab) or an extension factory (status-bar items, Tools menu items).
 */
public final class ShellPlugins {

    private ShellPlugins() {
    }

    /** The tabs, in order; Ctrl+1, Ctrl+2, ... follow this order. */
    public static List<Function<AppContext, Page>> pages() {
        return List.of(
                DetectPage::new,
                GanPage::new,
                BotPage::new);
    }

    /** Frame extras that are not tabs. */
    public static List<Function<AppContext, ShellExtension>> extensions() {
        return List.of(
                ModelMenu::new,
                ServeExtension::new);
    }
}
