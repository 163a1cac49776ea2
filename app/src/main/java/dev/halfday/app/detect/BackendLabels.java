package dev.halfday.app.detect;

import dev.halfday.app.common.I18n;
import dev.halfday.engine.client.BackendSpec;

/**
 * Which detection backend answered, in the status bar's words: "coco-centernet · local",
 * "coco-centernet · halfday 127.0.0.1:50051", "detector · TF Serving 127.0.0.1:8500".
 */
final class BackendLabels {

    private BackendLabels() {
    }

    /** "local", "halfday 127.0.0.1:50051", "TF Serving 127.0.0.1:8500". */
    static String via(BackendSpec spec, I18n i18n) {
        if (spec instanceof BackendSpec.Halfday h) {
            return i18n.get("detect.via.halfday", h.toString());
        }
        if (spec instanceof BackendSpec.TfServing t) {
            return i18n.get("detect.via.tfs", new BackendSpec.Halfday(t.host(), t.port()).toString());
        }
        return i18n.get("detect.via.local");
    }

    /**
     * The model and the backend that ran it.
     *
     * @param model the model name the backend reported, or null when it never answered (TF Serving's model is
     *              the one named in the spec either way)
     */
    static String answeredBy(BackendSpec spec, String model, I18n i18n) {
        String name = spec instanceof BackendSpec.TfServing t ? t.model() : model;
        return name == null || name.isBlank() ? via(spec, i18n) : name + " · " + via(spec, i18n);
    }
}
