package dev.halfday.engine.serve;

import com.google.protobuf.Any;
import com.google.protobuf.Int64Value;
import dev.halfday.engine.detect.DetectOptions;
import dev.halfday.engine.detect.Detection;
import dev.halfday.engine.detect.DetectionResult;
import dev.halfday.engine.detect.LabelSet;
import dev.halfday.engine.image.DecodedImage;
import dev.halfday.engine.image.ImageDecoder;
import dev.halfday.engine.image.ImageRejectedException;
import dev.halfday.engine.proto.tensorflow.DataType;
import dev.halfday.engine.proto.tensorflow.TensorProto;
import dev.halfday.engine.proto.tfserving.GetModelMetadataRequest;
import dev.halfday.engine.proto.tfserving.GetModelMetadataResponse;
import dev.halfday.engine.proto.tfserving.ModelSpec;
import dev.halfday.engine.proto.tfserving.PredictRequest;
import dev.halfday.engine.proto.tfserving.PredictResponse;
import dev.halfday.engine.proto.tfserving.PredictionServiceGrpc;
import dev.halfday.engine.proto.tfserving.SignatureDefMap;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.stub.StreamObserver;

import java.util.List;
import java.util.Map;

/**
 * {@code tensorflow.serving.PredictionService}: Predict and GetModelMetadata as TensorFlow Serving answers them
 * for an Object Detection API model (see {@link OdApiSignature}), so TF Serving clients work against Halfday
 * unchanged. Every served model has version 1 and one signature, {@code serving_default}.
 */
final class TfServingPredictionService extends PredictionServiceGrpc.PredictionServiceImplBase {

    static final long VERSION = 1;

    private static final DetectOptions OD_API_OPTIONS = new DetectOptions(
            OdApiSignature.SCORE_FLOOR, OdApiSignature.IOU_THRESHOLD, true, OdApiSignature.MAX_DETECTIONS);

    private final ServedModels models;
    private final ImageDecoder decoder;
    private final RequestRunner runner;

    TfServingPredictionService(ServedModels models, ImageDecoder decoder, RequestRunner runner) {
        this.models = models;
        this.decoder = decoder;
        this.runner = runner;
    }

    @Override
    public void predict(PredictRequest request, StreamObserver<PredictResponse> observer) {
        runner.unary(observer, received -> answer(request));
    }

    @Override
    public void getModelMetadata(GetModelMetadataRequest request, StreamObserver<GetModelMetadataResponse> observer) {
        try {
            ServedModels.Entry model = resolve(request.getModelSpec());
            if (request.getMetadataFieldCount() == 0) {
                throw Status.INVALID_ARGUMENT
                        .withDescription("GetModelMetadataRequest must specify at least one metadata_field").asException();
            }
            for (String field : request.getMetadataFieldList()) {
                if (!OdApiSignature.SIGNATURE_DEF_FIELD.equals(field)) {
                    throw Status.INVALID_ARGUMENT.withDescription("Metadata field " + field + " is not supported").asException();
                }
            }
            SignatureDefMap signatures = SignatureDefMap.newBuilder()
                    .putSignatureDef(OdApiSignature.DEFAULT_SIGNATURE, OdApiSignature.signatureDef(""))
                    .build();
            observer.onNext(GetModelMetadataResponse.newBuilder()
                    .setModelSpec(answeredSpec(model, ""))
                    .putMetadata(OdApiSignature.SIGNATURE_DEF_FIELD, Any.pack(signatures))
                    .build());
            observer.onCompleted();
        } catch (StatusException e) {
            observer.onError(e);
        }
    }

    private PredictResponse answer(PredictRequest request) throws StatusException, ImageRejectedException {
        ServedModels.Entry model = resolve(request.getModelSpec());
        String signature = request.getModelSpec().getSignatureName();
        if (!signature.isEmpty() && !OdApiSignature.DEFAULT_SIGNATURE.equals(signature)) {
            throw Status.FAILED_PRECONDITION.withDescription("Serving signature key \"" + signature
                    + "\" not found; the only signature is " + OdApiSignature.DEFAULT_SIGNATURE).asException();
        }
        Map<String, TensorProto> inputs = request.getInputsMap();
        TensorProto input = inputs.get(OdApiSignature.INPUT);
        if (input == null || inputs.size() != 1) {
            throw new IllegalArgumentException("expected exactly one input, '" + OdApiSignature.INPUT
                    + "'; got " + inputs.keySet());
        }
        for (String name : request.getOutputFilterList()) {
            if (!OdApiSignature.OUTPUTS.contains(name)) {
                throw new IllegalArgumentException("unknown output '" + name + "' in output_filter; outputs are "
                        + OdApiSignature.OUTPUTS);
            }
        }

        DetectionResult result = model.detector().detect(image(input), OD_API_OPTIONS);
        Map<String, TensorProto> outputs = outputs(result, model.detector().model().labels());
        List<String> wanted = request.getOutputFilterCount() == 0 ? OdApiSignature.OUTPUTS : request.getOutputFilterList();
        PredictResponse.Builder b = PredictResponse.newBuilder().setModelSpec(answeredSpec(model, signature));
        for (String name : wanted) {
            b.putOutputs(name, outputs.get(name));
        }
        return b.build();
    }

    private DecodedImage image(TensorProto input) throws ImageRejectedException {
        if (input.getDtype() == DataType.DT_STRING) {
            return decoder.decode(Tensors.readSingleString(input));
        }
        if (input.getDtype() == DataType.DT_UINT8) {
            long start = System.nanoTime();
            return new DecodedImage(Tensors.readUint8Image(input, decoder.maxPixels()), "raw",
                    (System.nanoTime() - start) / 1e6);
        }
        throw new IllegalArgumentException("input_tensor must be DT_UINT8 [1, height, width, 3] or DT_STRING "
                + "encoded image bytes; got " + Tensors.describe(input));
    }

    /** The detections as Object Detection API outputs, padded to the fixed row count. */
    static Map<String, TensorProto> outputs(DetectionResult result, LabelSet labels) {
        int rows = OdApiSignature.MAX_DETECTIONS;
        float[] boxes = new float[rows * 4];
        float[] scores = new float[rows];
        float[] classes = new float[rows];
        List<Detection> detections = result.detections();
        int n = Math.min(rows, detections.size());
        float w = result.width();
        float h = result.height();
        for (int i = 0; i < n; i++) {
            Detection d = detections.get(i);
            boxes[i * 4] = unit(d.box().y1() / h);
            boxes[i * 4 + 1] = unit(d.box().x1() / w);
            boxes[i * 4 + 2] = unit(d.box().y2() / h);
            boxes[i * 4 + 3] = unit(d.box().x2() / w);
            scores[i] = d.score();
            classes[i] = labels.get(d.classIndex()).cocoId();
        }
        return Map.of(
                OdApiSignature.BOXES, Tensors.floats(boxes, 1, rows, 4),
                OdApiSignature.SCORES, Tensors.floats(scores, 1, rows),
                OdApiSignature.CLASSES, Tensors.floats(classes, 1, rows),
                OdApiSignature.NUM_DETECTIONS, Tensors.floats(new float[] {n}, 1));
    }

    private static float unit(float v) {
        return Math.max(0f, Math.min(1f, v));
    }

    private ServedModels.Entry resolve(ModelSpec spec) throws StatusException {
        String name = spec.getName();
        ServedModels.Entry model = name.isBlank() ? null : models.find(name).orElse(null);
        if (model == null) {
            throw Status.NOT_FOUND.withDescription("Servable not found for request: Latest(" + name
                    + "); this server has: " + models.describeNames()).asException();
        }
        if (spec.hasVersion() && spec.getVersion().getValue() != VERSION) {
            throw Status.NOT_FOUND.withDescription("Servable not found for request: Specific(" + name + ", "
                    + spec.getVersion().getValue() + "); only version " + VERSION + " is served").asException();
        }
        if (spec.getVersionChoiceCase() == ModelSpec.VersionChoiceCase.VERSION_LABEL) {
            throw Status.INVALID_ARGUMENT.withDescription("version labels are not supported; leave the version empty")
                    .asException();
        }
        return model;
    }

    private static ModelSpec answeredSpec(ServedModels.Entry model, String signature) {
        return ModelSpec.newBuilder()
                .setName(model.servingName())
                .setVersion(Int64Value.of(VERSION))
                .setSignatureName(signature.isEmpty() ? OdApiSignature.DEFAULT_SIGNATURE : signature)
                .build();
    }
}
