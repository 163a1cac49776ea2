package dev.halfday.app.common;

import dev.halfday.engine.detect.Detector;
import dev.halfday.engine.detect.Detectors;

import java.nio.file.Path;

/** Where the app gets its detection models from the engine: the bundled default, or a folder the user picks. */
public final class Models {

    private Models() {
    }

    /** The bundled COCO-80 CenterNet detector. */
    public static Detector loadDefault() throws Exception {
        return Detectors.loadDefault();
    }

    /** A model folder: a TF.js CenterNet graph model or a TensorFlow Object Detection API SavedModel. */
    public static Detector loadFolder(Path folder) throws Exception {
        return Detectors.load(folder);
    }
}
