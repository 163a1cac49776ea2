package dev.halfday.app.testing;

import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small label that starts a drag holding a list of files. A drag from the OS file manager cannot be simulated,
 * so tests drag from here into the app through the same kind of Dragboard the OS would fill. It must share the
 * app's scene: under Monocle a drag only starts promptly within one scene.
 */
public final class DragSource {

    private final Label handle = new Label("files ⇢");
    private final List<File> files = new ArrayList<>();

    /** Must be created on the FX thread. */
    public DragSource() {
        handle.setId("test-drag-source");
        handle.setStyle("-fx-background-color: #ffe9a8; -fx-padding: 6 10 6 10;");
        handle.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        handle.setOnDragDetected(e -> {
            Dragboard board = handle.startDragAndDrop(TransferMode.COPY);
            ClipboardContent content = new ClipboardContent();
            content.putFiles(List.copyOf(files));
            board.setContent(content);
            e.consume();
        });
    }

    /** The app's root with this handle floating over its bottom-right corner. */
    public Parent over(Parent appRoot) {
        StackPane root = new StackPane(appRoot, handle);
        StackPane.setAlignment(handle, Pos.BOTTOM_RIGHT);
        return root;
    }

    /** What the next drag carries; call on the FX thread. */
    public void carry(List<Path> paths) {
        files.clear();
        paths.forEach(p -> files.add(p.toFile()));
    }

    public Label handle() {
        return handle;
    }
}
