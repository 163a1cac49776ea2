package dev.halfday.app;

/**
 * Entry point for a fat jar or a jpackage image. It must not extend {@link javafx.application.Application}:
 * the JDK's launcher refuses such a main class when JavaFX is on the class path instead of the module path.
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) {
        HalfdayApp.main(args);
    }
}
