package dev.halfday.engine.client;

import dev.halfday.engine.detect.BoundingBox;
import dev.halfday.engine.detect.DetectOptions;
import dev.halfday.engine.detect.Detection;
import dev.halfday.engine.detect.DetectionResult;
import dev.halfday.engine.detect.LabelSet;
import dev.halfday.engine.image.DecodedImage;
import dev.halfday.engine.image.ImageDecoder;
import dev.halfday.engine.image.ImageRejectedException;
import dev.halfday.engine.proto.tensorflow.TensorProto;
import dev.halfday.engine.proto.tfserving.ModelSpec;
import dev.halfday.engine.proto.tfserving.PredictRequest;
import dev.halfday.engine.proto.tfserving.PredictResponse;
import dev.halfday.engine.proto.tfserving.PredictionServiceGrpc;
import dev.halfday.engine.serve.OdApiSignature;
import dev.halfday.engine.serve.Tensors;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link DetectionClient} backed by TensorFlow Serving's {@code Predict}, for any model with the Object
 * Detection API signature (see {@link OdApiSignature}): Halfday's exported detector on a real TF Serving, or a
 * Halfday server's own {@code PredictionService}. The image is decoded here and sent as a uint8
 * [1, H, W, 3] tensor, the input every such model takes; classes come back as COCO ids and are named from the
 * COCO label table. The model's own NMS applies; the threshold and detection limit are applied here.
 */
public final class TfServingDetectionClient implements DetectionClient {

    /**
     * Raw pixels cost 3 bytes each on the wire: larger images are scaled down to stay well inside a 16 MiB
     * message. Boxes come back normalised, so they map onto the original size unchanged.
     */
    static final long MAX_SENT_PIXELS = 12L * 1024 * 1024 / 3;

    private final RemoteChannel remote;
    private final BackendSpec.TfServing spec;
    private final PredictionServiceGrpc.PredictionServiceBlockingStub stub;
    private final LabelSet labels = LabelSet.coco80();
    private final ImageDecoder decoder = ImageDecoder.standard();

    public TfServingDetectionClient(String host, int port, String model, String signature, RemoteOptions options) {
        this.spec = new BackendSpec.TfServing(host, port, model, signature);
        // The Halfday token is a secret between Halfday clients and servers: a TensorFlow Serving deployment (or
        // whoever runs the address given) has no use for it and must not receive it.
        this.remote = new RemoteChannel(host, port, options.withToken(null),
                "TensorFlow Serving at " + new BackendSpec.Halfday(host, port) + " (model " + model + ")");
        this.stub = PredictionServiceGrpc.newBlockingStub(remote.channel());
    }

    @Override
    public DetectionResult detect(byte[] encodedImage, DetectOptions options) throws DetectionException {
        DecodedImage image;
        try {
            image = decoder.decode(encodedImage);
        } catch (ImageRejectedException e) {
            throw new DetectionException(DetectionException.Kind.BAD_IMAGE, e.getMessage(), e);
        }
        return predict(image, options);
    }

    /** The image is sent as pixels anyway: the caller's decoded copy saves decoding it again. */
    @Override
    public DetectionResult detect(byte[] encodedImage, DecodedImage decoded, DetectOptions options)
            throws DetectionException {
        return predict(decoded, options);
    }

    private DetectionResult predict(DecodedImage image, DetectOptions options) throws DetectionException {
        PredictRequest request = PredictRequest.newBuilder()
                .setModelSpec(ModelSpec.newBuilder().setName(spec.model()).setSignatureName(spec.signature()))
                .putInputs(OdApiSignature.INPUT, Tensors.uint8Image(fitForWire(image.image())))
                .build();
        long start = System.nanoTime();
        PredictResponse response = remote.call(deadline -> stub.withDeadline(deadline).predict(request));
        double roundTripMs = (System.nanoTime() - start) / 1e6;
        List<Detection> detections;
        try {
            detections = detections(response.getOutputsMap(), image.width(), image.height(), options);
        } catch (IllegalArgumentException e) {
            throw new DetectionException(DetectionException.Kind.INTERNAL, remote.description()
                    + " answered with outputs that are not the Object Detection API's: " + e.getMessage(), e);
        }
        return new DetectionResult(image.width(), image.height(), detections,
                new DetectionResult.Timing(image.decodeMs(), roundTripMs), "tfs:" + spec.model());
    }

    /** Reads OD API outputs: boxes normalised [ymin, xmin, ymax, xmax], 1-based COCO class ids, a valid count. */
    List<Detection> detections(Map<String, TensorProto> outputs, int width, int height, DetectOptions options) {
        float[] boxes = Tensors.readFloats(require(outputs, OdApiSignature.BOXES));
        float[] scores = Tensors.readFloats(require(outputs, OdApiSignature.SCORES));
        float[] classes = Tensors.readFloats(require(outputs, OdApiSignature.CLASSES));
        float[] count = Tensors.readFloats(require(outputs, OdApiSignature.NUM_DETECTIONS));
        int n = count.length == 0 ? scores.length : (int) count[0];
        if (n < 0 || n > scores.length || n > classes.length || n * 4 > boxes.length) {
            throw new IllegalArgumentException("num_detections " + n + " does not fit the outputs");
        }
        List<Detection> result = new ArrayList<>();
        for (int i = 0; i < n && result.size() < options.maxDetections(); i++) {
            if (scores[i] < options.minScore()) {
                continue;
            }
            int cocoId = Math.round(classes[i]);
            LabelSet.Entry label = labels.byCocoId(cocoId).orElseGet(() ->
                    new LabelSet.Entry(labels.size() + cocoId, cocoId, "COCO id " + cocoId, "COCO 类别 " + cocoId));
            BoundingBox box = new BoundingBox(boxes[i * 4 + 1] * width, boxes[i * 4] * height,
                    boxes[i * 4 + 3] * width, boxes[i * 4 + 2] * height).clip(width, height);
            result.add(new Detection(label.index(), label.en(), label.zh(), scores[i], box));
        }
        result.sort((a, b) -> Float.compare(b.score(), a.score()));
        return result;
    }

    private static TensorProto require(Map<String, TensorProto> outputs, String name) {
        TensorProto t = outputs.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no '" + name + "' output (got " + outputs.keySet() + ")");
        }
        return t;
    }

    /** The image itself, or a bilinear downscale when its raw pixels would make a too-large message. */
    static BufferedImage fitForWire(BufferedImage image) {
        long pixels = (long) image.getWidth() * image.getHeight();
        if (pixels <= MAX_SENT_PIXELS) {
            return image;
        }
        double scale = Math.sqrt((double) MAX_SENT_PIXELS / pixels);
        int w = Math.max(1, (int) Math.floor(image.getWidth() * scale));
        int h = Math.max(1, (int) Math.floor(image.getHeight() * scale));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    @Override
    public String describe() {
        return "tf-serving " + spec;
    }

    @Override
    public void close() {
        remote.close();
    }
}
