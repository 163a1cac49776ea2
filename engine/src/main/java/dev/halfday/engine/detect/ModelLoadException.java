package dev.halfday.engine.detect;

import java.io.IOException;

/** A model folder that cannot be loaded; the message says why in plain words and names the folder. */
public class ModelLoadException extends IOException {

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
