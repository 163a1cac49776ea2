package dev.halfday.app.common;

import java.nio.file.Path;
import java.util.List;

/**
 * Events the shell and the pages exchange over the {@link EventBus}. A feature that needs its own events defines
 * them in its own package; these are the ones the shell itself publishes or listens to.
 */
public final class AppEvents {

    private AppEvents() {
    }

    /** Files or folders to open as images (File ▸ Open…, Open folder…, a paste of copied files). */
    public record OpenImages(List<Path> paths) {
        public OpenImages {
            paths = List.copyOf(paths);
        }
    }

    /** An image that is not a file of its own: a bundled sample, image data dropped from a browser. */
    public record OpenEncodedImage(String name, byte[] bytes) {
    }

    /** File ▸ Paste image. */
    public record PasteImage() {
    }

    /** File ▸ Save annotated image…. */
    public record SaveAnnotated() {
    }

    /** Opens the "Detection backend" dialog (Tools → Detection backend…), from wherever the backend is shown. */
    public record ChooseDetectionBackend() {
    }

    /** Brings a page to the front, by its {@code id}. */
    public record ShowPage(String pageId) {
    }

    /** A short message for the user, shown in the window's notification bar. */
    public record Notify(Severity severity, String message) {
    }

    public enum Severity {
        INFO,
        WARNING,
        ERROR
    }
}
