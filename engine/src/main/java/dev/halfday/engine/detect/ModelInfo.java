package dev.halfday.engine.detect;

/**
 * Describes a loaded detection model.
 *
 * @param name        short name shown to users and used by the service ("coco-centernet")
 * @param family      "tfjs-centernet" or "tf-od-api"
 * @param source      where it was loaded from (a folder, or "bundled")
 * @param inputWidth  model input width in pixels, or -1 when the model takes any size
 * @param inputHeight model input height in pixels, or -1 when the model takes any size
 * @param labels      its classes
 */
public record ModelInfo(String name, String family, String source, int inputWidth, int inputHeight, LabelSet labels) {
}
