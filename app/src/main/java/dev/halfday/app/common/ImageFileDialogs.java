package dev.halfday.app.common;

import dev.halfday.engine.image.ImageFiles;

import javafx.beans.property.StringProperty;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The open and save dialogs for images, starting in the folder the user last used (remembered). */
public final class ImageFileDialogs {

    private final AppContext ctx;
    private final StringProperty lastFolder;

    public ImageFileDialogs(AppContext ctx) {
        this.ctx = ctx;
        this.lastFolder = ctx.settings().stringSetting("files.lastFolder", "");
    }

    public Optional<List<Path>> chooseImages() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(ctx.i18n().get("dialog.open.title"));
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter(ctx.i18n().get("dialog.filter.images"),
                        ImageFiles.EXTENSIONS.stream().map(e -> "*." + e).toList()),
                new FileChooser.ExtensionFilter(ctx.i18n().get("dialog.filter.all"), "*"));
        initialFolder().ifPresent(chooser::setInitialDirectory);
        List<File> files = chooser.showOpenMultipleDialog(ctx.stage());
        if (files == null || files.isEmpty()) {
            return Optional.empty();
        }
        remember(files.get(0).toPath().getParent());
        return Optional.of(files.stream().map(File::toPath).toList());
    }

    public Optional<Path> chooseFolder() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(ctx.i18n().get("dialog.openFolder.title"));
        initialFolder().ifPresent(chooser::setInitialDirectory);
        File dir = chooser.showDialog(ctx.stage());
        if (dir == null) {
            return Optional.empty();
        }
        remember(dir.toPath());
        return Optional.of(dir.toPath());
    }

    public Optional<Path> choosePngTarget(String suggestedName) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(ctx.i18n().get("dialog.save.title"));
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG", "*.png"));
        chooser.setInitialFileName(suggestedName);
        initialFolder().ifPresent(chooser::setInitialDirectory);
        File file = chooser.showSaveDialog(ctx.stage());
        if (file == null) {
            return Optional.empty();
        }
        Path target = file.toPath();
        if (!target.getFileName().toString().toLowerCase().endsWith(".png")) {
            target = target.resolveSibling(target.getFileName() + ".png");
        }
        remember(target.getParent());
        return Optional.of(target);
    }

    private Optional<File> initialFolder() {
        String stored = lastFolder.get();
        if (stored == null || stored.isBlank()) {
            return Optional.empty();
        }
        try {
            Path dir = Path.of(stored);
            return Files.isDirectory(dir) ? Optional.of(dir.toFile()) : Optional.empty();
        } catch (java.nio.file.InvalidPathException e) {
            return Optional.empty();
        }
    }

    private void remember(Path folder) {
        if (folder != null) {
            lastFolder.set(folder.toAbsolutePath().toString());
        }
    }
}
