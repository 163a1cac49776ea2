package dev.halfday.app.common;

import dev.halfday.engine.detect.Detector;

import java.nio.file.Path;

/** Where the app gets its detection models from the engine: the bundled default, or a folder the user picks. */
public final class Models {

    private Models() {
    }

    /** The bundled COCO-80 CenterNet detector. */
    public static Detector loadDefault() throws Exception {
        // Filled in when the engine's detector lands on main (branch detect).
        throw new UnsupportedOperationException("the engine's detector is not built yet");
    }

    /** A model folder (a TensorFlow Object Detection API SavedModel). */
    public static Detector loadFolder(Path folder) throws Exception {
        throw new UnsupportedOperationException("loading model folders is not built yet");
    }
}
