package dev.halfday.engine.serve;

import dev.halfday.engine.detect.Annotator;
import dev.halfday.engine.detect.DetectOptions;
import dev.halfday.engine.detect.Detection;
import dev.halfday.engine.detect.DetectionResult;
import dev.halfday.engine.detect.LabelSet;
import dev.halfday.engine.i18n.Language;
import dev.halfday.engine.image.DecodedImage;
import dev.halfday.engine.image.ImageDecoder;
import dev.halfday.engine.image.ImageRejectedException;
import dev.halfday.engine.proto.halfday.v1.DetectRequest;
import dev.halfday.engine.proto.halfday.v1.DetectResponse;
import dev.halfday.engine.proto.halfday.v1.DetectionGrpc;
import dev.halfday.engine.proto.halfday.v1.Error;
import dev.halfday.engine.proto.halfday.v1.ListModelsRequest;
import dev.halfday.engine.proto.halfday.v1.ListModelsResponse;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code halfday.v1.Detection}: Detect, ListModels and DetectStream over the served models. */
final class HalfdayDetectionService extends DetectionGrpc.DetectionImplBase {

    private final ServedModels models;
    private final ImageDecoder decoder;
    private final RequestRunner runner;
    private final Annotator annotator = new Annotator();

    HalfdayDetectionService(ServedModels models, ImageDecoder decoder, RequestRunner runner) {
        this.models = models;
        this.decoder = decoder;
        this.runner = runner;
    }

    @Override
    public void detect(DetectRequest request, StreamObserver<DetectResponse> observer) {
        runner.unary(observer, received -> answer(request, received));
    }

    @Override
    public void listModels(ListModelsRequest request, StreamObserver<ListModelsResponse> observer) {
        ListModelsResponse.Builder b = ListModelsResponse.newBuilder();
        models.all().forEach(e -> b.addModels(DetectionMessages.describe(e)));
        observer.onNext(b.build());
        observer.onCompleted();
    }

    @Override
    public StreamObserver<DetectRequest> detectStream(StreamObserver<DetectResponse> responses) {
        ServerCallStreamObserver<DetectResponse> out = (ServerCallStreamObserver<DetectResponse>) responses;
        // One request at a time per stream: answers stay in order, and a stream never holds more than one image
        // in memory or more than one place in the shared queue; gRPC flow control makes the sender wait.
        out.disableAutoRequest();
        StreamSession session = new StreamSession(out);
        out.request(1);
        return session;
    }

    private DetectResponse answer(DetectRequest request, long receivedNanos) throws StatusException, ImageRejectedException {
        long started = System.nanoTime();
        ServedModels.Entry model = models.find(request.getModel()).orElseThrow(() -> Status.NOT_FOUND
                .withDescription("no model called '" + request.getModel() + "'; this server has: " + models.describeNames())
                .asException());
        LabelSet labels = model.detector().model().labels();
        DetectOptions options = options(request);
        Set<Integer> classes = classFilter(request, labels);
        Language language = request.getLanguage().isBlank() ? Language.EN : Language.parse(request.getLanguage());
        if (request.getImage().isEmpty()) {
            throw new ImageRejectedException(ImageRejectedException.Reason.EMPTY, "no image in the request");
        }

        DecodedImage image = decoder.decode(request.getImage().toByteArray());
        DetectionResult result = model.detector().detect(image, options);
        List<Detection> kept = classes == null ? result.detections()
                : result.detections().stream().filter(d -> classes.contains(d.classIndex())).toList();

        DetectResponse.Builder b = DetectResponse.newBuilder()
                .setModel(result.model())
                .setImageWidth(result.width())
                .setImageHeight(result.height())
                .setId(request.getId());
        kept.forEach(d -> b.addDetections(DetectionMessages.toProto(d, labels)));
        if (request.getAnnotate()) {
            b.setAnnotatedPng(com.google.protobuf.ByteString.copyFrom(annotator.annotatePng(image.image(), kept, language)));
        }
        long done = System.nanoTime();
        b.setTiming(DetectionMessages.timing((started - receivedNanos) / 1e6, image.decodeMs(),
                result.timing().inferenceMs(), (done - receivedNanos) / 1e6));
        return b.build();
    }

    private static DetectOptions options(DetectRequest request) {
        DetectOptions options = DetectOptions.defaults();
        if (request.hasThreshold()) {
            float t = request.getThreshold();
            if (!(t >= 0f && t <= 1f)) {
                throw new IllegalArgumentException("threshold must be between 0 and 1, got " + t);
            }
            options = options.withMinScore(t);
        }
        return options;
    }

    /** The class indices to keep, or null for all; unknown names are refused rather than silently ignored. */
    private static Set<Integer> classFilter(DetectRequest request, LabelSet labels) {
        if (request.getClassesCount() == 0) {
            return null;
        }
        Set<Integer> indices = new HashSet<>();
        for (String name : request.getClassesList()) {
            indices.add(labels.byName(name).orElseThrow(() -> new IllegalArgumentException(
                    "unknown class '" + name + "' (use an English or Chinese label such as 'cat' or '猫')")).index());
        }
        return indices;
    }

    /** One DetectStream call: answers each request in turn, failures in-band so the batch carries on. */
    private final class StreamSession implements StreamObserver<DetectRequest> {

        private final ServerCallStreamObserver<DetectResponse> out;
        private boolean pending;
        private boolean halfClosed;
        private boolean finished;

        StreamSession(ServerCallStreamObserver<DetectResponse> out) {
            this.out = out;
        }

        @Override
        public void onNext(DetectRequest request) {
            synchronized (this) {
                pending = true;
            }
            runner.submit(received -> answer(request, received), this::send, error -> send(DetectResponse.newBuilder()
                    .setId(request.getId())
                    .setError(Error.newBuilder()
                            .setCode(error.getStatus().getCode().name())
                            .setMessage(String.valueOf(error.getStatus().getDescription())))
                    .build()));
        }

        private void send(DetectResponse response) {
            synchronized (this) {
                if (finished) {
                    return;
                }
                out.onNext(response);
                pending = false;
                if (halfClosed) {
                    finish();
                    return;
                }
            }
            out.request(1);
        }

        @Override
        public void onError(Throwable t) {
            // The client cancelled the stream; gRPC has already closed it.
            synchronized (this) {
                finished = true;
            }
        }

        @Override
        public void onCompleted() {
            synchronized (this) {
                halfClosed = true;
                if (!pending) {
                    finish();
                }
            }
        }

        private void finish() {
            if (!finished) {
                finished = true;
                out.onCompleted();
            }
        }
    }
}
