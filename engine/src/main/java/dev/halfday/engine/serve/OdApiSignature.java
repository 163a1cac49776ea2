package dev.halfday.engine.serve;

import dev.halfday.engine.proto.tensorflow.DataType;
import dev.halfday.engine.proto.tensorflow.SignatureDef;
import dev.halfday.engine.proto.tensorflow.TensorInfo;

import java.util.List;

/**
 * The TensorFlow Object Detection API's serving contract, which Halfday speaks on {@code PredictionService} and
 * writes into exported SavedModels, so a client works the same against Halfday and a real TensorFlow Serving.
 *
 * <p>Input {@code input_tensor}: uint8 [1, H, W, 3] RGB (Halfday also accepts a DT_STRING tensor holding encoded
 * image bytes). Outputs, padded to {@link #MAX_DETECTIONS} rows, valid rows first:
 * {@code detection_boxes} float [1, N, 4] as normalised [ymin, xmin, ymax, xmax]; {@code detection_scores}
 * float [1, N]; {@code detection_classes} float [1, N] holding 1-based COCO category ids; {@code num_detections}
 * float [1], the number of valid rows.
 */
public final class OdApiSignature {

    /** TF Serving's name for the signature used when a request names none. */
    public static final String DEFAULT_SIGNATURE = "serving_default";
    public static final String PREDICT_METHOD = "tensorflow/serving/predict";
    /** TF Serving's name for the metadata field GetModelMetadata returns. */
    public static final String SIGNATURE_DEF_FIELD = "signature_def";
    /** The TF Serving model name under which the default detector is served. */
    public static final String DEFAULT_MODEL_NAME = "detector";

    public static final String INPUT = "input_tensor";
    public static final String BOXES = "detection_boxes";
    public static final String SCORES = "detection_scores";
    public static final String CLASSES = "detection_classes";
    public static final String NUM_DETECTIONS = "num_detections";
    public static final List<String> OUTPUTS = List.of(BOXES, SCORES, CLASSES, NUM_DETECTIONS);

    /** Rows in every output, as Object Detection API exports pad them. */
    public static final int MAX_DETECTIONS = 100;
    /**
     * Detections scoring below this are not reported. Object Detection API pipelines keep almost everything
     * (1e-8) and leave thresholds to the client; so do we, both on the wire and in the exported graph.
     */
    public static final float SCORE_FLOOR = 1e-8f;
    /** Class-aware non-maximum suppression IoU, the same on the wire and in the exported graph. */
    public static final float IOU_THRESHOLD = 0.5f;

    private OdApiSignature() {
    }

    /**
     * The signature as GetModelMetadata describes it.
     *
     * @param tensorNamePrefix graph tensor names are not part of the contract; they name where the values come
     *                         from for tools that print them ("serving_default_input_tensor:0")
     */
    public static SignatureDef signatureDef(String tensorNamePrefix) {
        return SignatureDef.newBuilder()
                .setMethodName(PREDICT_METHOD)
                .putInputs(INPUT, info(tensorNamePrefix + INPUT + ":0", DataType.DT_UINT8, 1, -1, -1, 3))
                .putOutputs(BOXES, info(tensorNamePrefix + BOXES + ":0", DataType.DT_FLOAT, 1, MAX_DETECTIONS, 4))
                .putOutputs(SCORES, info(tensorNamePrefix + SCORES + ":0", DataType.DT_FLOAT, 1, MAX_DETECTIONS))
                .putOutputs(CLASSES, info(tensorNamePrefix + CLASSES + ":0", DataType.DT_FLOAT, 1, MAX_DETECTIONS))
                .putOutputs(NUM_DETECTIONS, info(tensorNamePrefix + NUM_DETECTIONS + ":0", DataType.DT_FLOAT, 1))
                .build();
    }

    private static TensorInfo info(String name, DataType type, long... dims) {
        return TensorInfo.newBuilder().setName(name).setDtype(type).setTensorShape(Tensors.shape(dims)).build();
    }
}
