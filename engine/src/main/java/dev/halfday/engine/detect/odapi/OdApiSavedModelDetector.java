package dev.halfday.engine.detect.odapi;

import dev.halfday.engine.detect.BoundingBox;
import dev.halfday.engine.detect.DetectOptions;
import dev.halfday.engine.detect.Detection;
import dev.halfday.engine.detect.DetectionResult;
import dev.halfday.engine.detect.Detector;
import dev.halfday.engine.detect.LabelSet;
import dev.halfday.engine.detect.ModelInfo;
import dev.halfday.engine.detect.ModelLoadException;
import dev.halfday.engine.detect.NonMaxSuppression;
import dev.halfday.engine.detect.SessionGuard;
import dev.halfday.engine.detect.TfSessionOptions;
import dev.halfday.engine.image.DecodedImage;
import dev.halfday.engine.image.ImageDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TUint8;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TensorFlow 2 Object Detection API model exported as a SavedModel: signature {@code serving_default} taking a
 * uint8 image {@code [1, H, W, 3]} of any size (the model resizes itself) and returning {@code detection_boxes}
 * (normalised {@code [ymin, xmin, ymax, xmax]}), {@code detection_scores}, {@code detection_classes} (1-based
 * COCO category ids) and {@code num_detections}. Classes map to the COCO-80 labels by category id.
 *
 * <p>A detection whose category id the COCO-80 map does not name — one of the ten ids COCO's 1..90 numbering
 * leaves unused, or an id of some other label map — is dropped (and logged once per id): giving it a made-up class
 * index would clash with the 80 real ones and with the COCO ids the service reports, and a COCO-trained model
 * never learnt those ids anyway.
 *
 * <p>Thread-safe like {@link dev.halfday.engine.detect.centernet.CenterNetDetector}: one session for all callers.
 */
public final class OdApiSavedModelDetector implements Detector {

    private static final Logger log = LoggerFactory.getLogger(OdApiSavedModelDetector.class);

    public static final String FAMILY = "tf-od-api";
    public static final String SIGNATURE = "serving_default";
    public static final String BOXES = "detection_boxes";
    public static final String SCORES = "detection_scores";
    public static final String CLASSES = "detection_classes";
    public static final String COUNT = "num_detections";

    private final ModelInfo info;
    private final SavedModelBundle bundle;
    private final SessionFunction function;
    private final String inputName;
    private final SessionGuard guard;
    private final Set<Integer> unnamedIdsSeen = ConcurrentHashMap.newKeySet();

    private OdApiSavedModelDetector(ModelInfo info, SavedModelBundle bundle, SessionFunction function,
                                    String inputName) {
        this.info = info;
        this.bundle = bundle;
        this.function = function;
        this.inputName = inputName;
        this.guard = new SessionGuard(info.name());
    }

    /**
     * Loads the SavedModel in {@code dir} (the folder holding {@code saved_model.pb}).
     *
     * @throws ModelLoadException it is not a SavedModel or lacks the expected signature
     */
    public static OdApiSavedModelDetector load(Path dir, TfSessionOptions session) throws ModelLoadException {
        if (!Files.isRegularFile(dir.resolve("saved_model.pb"))) {
            throw new ModelLoadException("not a TensorFlow SavedModel: " + dir + " has no saved_model.pb");
        }
        SavedModelBundle bundle;
        try {
            bundle = SavedModelBundle.loader(dir.toString()).withTags("serve").withConfigProto(session.toConfig())
                    .load();
        } catch (RuntimeException e) {
            throw new ModelLoadException("cannot load the SavedModel in " + dir + ": " + e.getMessage(), e);
        }
        try {
            SessionFunction function = bundle.function(SIGNATURE);
            Signature signature = function.signature();
            String input = checkSignature(dir, signature);
            Path name = dir.getFileName().toString().equals("saved_model") && dir.getParent() != null
                    ? dir.getParent().getFileName() : dir.getFileName();
            ModelInfo info = new ModelInfo(name == null ? "saved-model" : name.toString(), FAMILY,
                    dir.toAbsolutePath().normalize().toString(), -1, -1, LabelSet.coco80());
            return new OdApiSavedModelDetector(info, bundle, function, input);
        } catch (ModelLoadException e) {
            bundle.close();
            throw e;
        } catch (RuntimeException e) {
            bundle.close();
            throw new ModelLoadException("the SavedModel in " + dir + " has no '" + SIGNATURE + "' signature"
                    + " (it has " + bundle.signatures().stream().map(Signature::key).toList() + ")", e);
        }
    }

    private static String checkSignature(Path dir, Signature signature) throws ModelLoadException {
        if (signature.getInputs().size() != 1) {
            throw new ModelLoadException("the SavedModel in " + dir + " should take one image input; its '"
                    + SIGNATURE + "' signature takes " + signature.inputNames());
        }
        Map.Entry<String, Signature.TensorDescription> in = signature.getInputs().entrySet().iterator().next();
        if (in.getValue().dataType != DataType.DT_UINT8) {
            throw new ModelLoadException("the SavedModel in " + dir + " should take a uint8 image; its input '"
                    + in.getKey() + "' is " + in.getValue().dataType);
        }
        List<String> missing = new ArrayList<>();
        for (String out : List.of(BOXES, SCORES, CLASSES, COUNT)) {
            if (!signature.getOutputs().containsKey(out)) {
                missing.add(out);
            }
        }
        if (!missing.isEmpty()) {
            throw new ModelLoadException("not an Object Detection API model: the SavedModel in " + dir
                    + " lacks the outputs " + missing + " (it has " + signature.outputNames() + ")");
        }
        return in.getKey();
    }

    @Override
    public ModelInfo model() {
        return info;
    }

    @Override
    public DetectionResult detect(DecodedImage image, DetectOptions options) {
        long start = System.nanoTime();
        BufferedImage rgb = ImageDecoder.toRgb(image.image());
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        Outputs o = guard.use(() -> {
            try (TUint8 input = TUint8.tensorOf(Shape.of(1, h, w, 3))) {
                input.asRawTensor().data().write(rgbBytes(rgb)); // one bulk copy
                return call(input);
            }
        });
        float[] boxes = o.boxes();
        float[] scores = o.scores();
        float[] classes = o.classes();
        int count = o.count();
        LabelSet labels = info.labels();
        List<Detection> candidates = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int cocoId = Math.round(classes[i]);
            LabelSet.Entry label = labels.byCocoId(cocoId).orElse(null);
            if (label == null) {
                if (unnamedIdsSeen.add(cocoId)) {
                    log.warn("{}: dropping detections of category id {}: the COCO-80 label map has no name for it",
                            info.name(), cocoId);
                }
                continue;
            }
            BoundingBox box = new BoundingBox(boxes[i * 4 + 1] * w, boxes[i * 4] * h,
                    boxes[i * 4 + 3] * w, boxes[i * 4 + 2] * h).clip(w, h);
            if (box.area() > 0f) {
                candidates.add(new Detection(label.index(), label.en(), label.zh(), scores[i], box));
            }
        }
        List<Detection> kept = NonMaxSuppression.apply(candidates, options);
        return new DetectionResult(w, h, kept,
                new DetectionResult.Timing(image.decodeMs(), (System.nanoTime() - start) / 1e6), info.name());
    }

    private Outputs call(TUint8 input) {
        try (Result result = function.call(Map.of(inputName, input))) {
            float[] scores = floats(result, SCORES);
            return new Outputs(floats(result, BOXES), scores, floats(result, CLASSES),
                    Math.min(Math.round(floats(result, COUNT)[0]), scores.length));
        }
    }

    private static float[] floats(Result result, String key) {
        Tensor t = result.get(key).orElseThrow(() -> new IllegalStateException("model returned no " + key));
        float[] values = new float[Math.toIntExact(t.shape().size())];
        t.asRawTensor().data().asFloats().read(values);
        return values;
    }

    /** Pixels as R, G, B bytes, row by row: the model's uint8 NHWC input. */
    private static byte[] rgbBytes(BufferedImage rgb) {
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        byte[] out = new byte[w * h * 3];
        if (rgb.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            byte[] bgr = ((DataBufferByte) rgb.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < out.length; i += 3) {
                out[i] = bgr[i + 2];
                out[i + 1] = bgr[i + 1];
                out[i + 2] = bgr[i];
            }
        } else {
            int[] px = ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
            for (int i = 0, o = 0; i < px.length; i++, o += 3) {
                out[o] = (byte) (px[i] >> 16);
                out[o + 1] = (byte) (px[i] >> 8);
                out[o + 2] = (byte) px[i];
            }
        }
        return out;
    }

    @Override
    public void close() {
        guard.close(bundle::close);
    }

    private record Outputs(float[] boxes, float[] scores, float[] classes, int count) {
    }
}
