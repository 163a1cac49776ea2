package dev.halfday.app.shell;

import javafx.scene.Node;
import javafx.scene.control.MenuItem;

import java.util.List;

/**
 * Something that is not a tab but lives in the window frame: for example a "Serve detection" switch in the
 * status bar and a "Detection backend…" dialog in the Tools menu. Registered with one line in
 * {@link ShellPlugins#extensions()}. Each method is called once, on the FX thread, when the window is built.
 */
public interface ShellExtension {

    /** Nodes for the right-hand side of the status bar. */
    default List<Node> statusItems() {
        return List.of();
    }

    /** Items for the Tools menu (the menu is hidden while no extension adds any). */
    default List<MenuItem> toolsMenuItems() {
        return List.of();
    }

    /** Called once when the window closes. */
    default void dispose() {
    }
}
