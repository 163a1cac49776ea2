package dev.halfday.engine.serve;

import dev.halfday.engine.detect.BoundingBox;
import dev.halfday.engine.detect.Detection;
import dev.halfday.engine.detect.DetectionResult;
import dev.halfday.engine.detect.LabelSet;
import dev.halfday.engine.detect.ModelInfo;
import dev.halfday.engine.proto.halfday.v1.Box;
import dev.halfday.engine.proto.halfday.v1.DetectResponse;
import dev.halfday.engine.proto.halfday.v1.DetectedObject;
import dev.halfday.engine.proto.halfday.v1.ModelDescription;
import dev.halfday.engine.proto.halfday.v1.Timing;

import java.util.List;

/** Converts between the engine's detection types and the {@code halfday.v1} messages, both ways. */
public final class DetectionMessages {

    private DetectionMessages() {
    }

    public static DetectedObject toProto(Detection d, LabelSet labels) {
        BoundingBox b = d.box();
        return DetectedObject.newBuilder()
                .setLabel(d.label())
                .setLabelZh(d.labelZh())
                .setScore(d.score())
                .setBox(Box.newBuilder().setX1(b.x1()).setY1(b.y1()).setX2(b.x2()).setY2(b.y2()))
                .setClassIndex(d.classIndex())
                .setCocoId(labels.get(d.classIndex()).cocoId())
                .build();
    }

    public static Detection fromProto(DetectedObject o) {
        Box b = o.getBox();
        return new Detection(o.getClassIndex(), o.getLabel(), o.getLabelZh(), o.getScore(),
                new BoundingBox(b.getX1(), b.getY1(), b.getX2(), b.getY2()));
    }

    /** A successful response as the engine's result; the timing is the server's decode and inference time. */
    public static DetectionResult fromProto(DetectResponse r) {
        List<Detection> detections = r.getDetectionsList().stream().map(DetectionMessages::fromProto).toList();
        return new DetectionResult(r.getImageWidth(), r.getImageHeight(), detections,
                new DetectionResult.Timing(r.getTiming().getDecodeMs(), r.getTiming().getInferenceMs()), r.getModel());
    }

    public static Timing timing(double queueMs, double decodeMs, double inferenceMs, double totalMs) {
        return Timing.newBuilder().setQueueMs(queueMs).setDecodeMs(decodeMs).setInferenceMs(inferenceMs)
                .setTotalMs(totalMs).build();
    }

    public static ModelDescription describe(ServedModels.Entry entry) {
        ModelInfo info = entry.detector().model();
        ModelDescription.Builder b = ModelDescription.newBuilder()
                .setName(entry.name())
                .setServingName(entry.servingName())
                .setFamily(info.family())
                .setInputWidth(info.inputWidth())
                .setInputHeight(info.inputHeight())
                .setIsDefault(entry.isDefault());
        info.labels().entries().forEach(e -> b.addLabels(e.en()));
        return b.build();
    }
}
