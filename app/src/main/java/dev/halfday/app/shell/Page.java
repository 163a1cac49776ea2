package dev.halfday.app.shell;

import javafx.beans.value.ObservableValue;
import javafx.scene.Node;

/**
 * One tab of the main window. A page is built with the {@link dev.halfday.app.common.AppContext} and registered
 * with one line in {@link ShellPlugins#pages()}. Its {@link #view()} is created lazily, the first time the tab is
 * shown, so pages cost nothing until used.
 */
public interface Page {

    /** A stable id ("detect", "gan", "bot"): used by {@link dev.halfday.app.common.AppEvents.ShowPage} and tests. */
    String id();

    /** The tab's title, following the UI language. */
    ObservableValue<String> title();

    /** The page's content; called once, on the FX thread. */
    Node view();

    /** Text for the left of the status bar while this page is in front (null: none). */
    default ObservableValue<String> statusText() {
        return null;
    }

    /** Called on the FX thread each time the page comes to the front. */
    default void onShown() {
    }

    /** Called once when the window closes: stop background work, release resources. */
    default void dispose() {
    }
}
