package dev.halfday.engine.serve;

import com.google.protobuf.ByteString;
import dev.halfday.engine.client.DetectionException;
import dev.halfday.engine.client.RemoteDetectionClient;
import dev.halfday.engine.client.RemoteOptions;
import dev.halfday.engine.client.TfServingDetectionClient;
import dev.halfday.engine.detect.DetectOptions;
import dev.halfday.engine.detect.Detection;
import dev.halfday.engine.detect.DetectionResult;
import dev.halfday.engine.detect.Detector;
import dev.halfday.engine.detect.Detectors;
import dev.halfday.engine.proto.halfday.v1.DetectRequest;
import dev.halfday.engine.proto.halfday.v1.DetectResponse;
import dev.halfday.engine.proto.halfday.v1.DetectionGrpc;
import dev.halfday.engine.proto.halfday.v1.ListModelsRequest;
import dev.halfday.engine.proto.halfday.v1.ListModelsResponse;
import dev.halfday.engine.proto.tensorflow.DataType;
import dev.halfday.engine.proto.tfserving.GetModelMetadataRequest;
import dev.halfday.engine.proto.tfserving.GetModelMetadataResponse;
import dev.halfday.engine.proto.tfserving.ModelSpec;
import dev.halfday.engine.proto.tfserving.PredictRequest;
import dev.halfday.engine.proto.tfserving.PredictResponse;
import dev.halfday.engine.proto.tfserving.PredictionServiceGrpc;
import dev.halfday.engine.proto.tfserving.SignatureDefMap;
import dev.halfday.engine.testing.Samples;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

/** A real server with the real model on a random loopback port, called over real gRPC. */
class DetectionServerTest {

    private static Detector detector;
    private static DetectionServer server;
    private static ManagedChannel channel;
    private static DetectionGrpc.DetectionBlockingStub detection;
    private static byte[] chelsea;

    @BeforeAll
    static void start() throws Exception {
        detector = Detectors.loadDefault();
        server = DetectionServer.start(ServedModels.of(detector), ServeOptions.defaults().withPort(0));
        channel = channelTo(server);
        detection = DetectionGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
        chelsea = Files.readAllBytes(Samples.photo("chelsea.png"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.shutdown();
        }
        if (detector != null) {
            detector.close();
        }
    }

    static ManagedChannel channelTo(DetectionServer s) {
        return NettyChannelBuilder.forAddress("127.0.0.1", s.port()).usePlaintext()
                .maxInboundMessageSize(64 << 20).build();
    }

    private static DetectRequest request(byte[] image) {
        return DetectRequest.newBuilder().setImage(ByteString.copyFrom(image)).build();
    }

    @Test
    void bindsLoopbackOnly() {
        assertThat(server.target()).isEqualTo("127.0.0.1:" + server.port());
        assertThat(server.options().isLoopback()).isTrue();
    }

    @Test
    void detectFindsTheCatInChelsea() {
        DetectResponse r = detection.detect(request(chelsea).toBuilder().setId("req-1").build());
        assertThat(r.getDetectionsCount()).isPositive();
        assertThat(r.getDetections(0).getLabel()).isEqualTo("cat");
        assertThat(r.getDetections(0).getLabelZh()).isEqualTo("猫");
        assertThat(r.getDetections(0).getCocoId()).isEqualTo(17);
        assertThat(r.getDetections(0).getScore()).isGreaterThan(0.4f);
        assertThat(r.getDetections(0).getBox().getX2()).isGreaterThan(r.getDetections(0).getBox().getX1()).isLessThanOrEqualTo(451);
        assertThat(r.getImageWidth()).isEqualTo(451);
        assertThat(r.getImageHeight()).isEqualTo(300);
        assertThat(r.getModel()).isEqualTo("coco-centernet");
        assertThat(r.getId()).isEqualTo("req-1");
        assertThat(r.getTiming().getInferenceMs()).isPositive();
        assertThat(r.getTiming().getTotalMs()).isGreaterThanOrEqualTo(r.getTiming().getInferenceMs());
        assertThat(r.getAnnotatedPng().isEmpty()).isTrue();
    }

    @Test
    void thresholdClassFilterAndAnnotationAreApplied() throws Exception {
        DetectResponse all = detection.detect(request(chelsea).toBuilder().setThreshold(0.05f).build());
        assertThat(all.getDetectionsList()).allSatisfy(d -> assertThat(d.getScore()).isGreaterThanOrEqualTo(0.05f));
        assertThat(all.getDetectionsCount()).isGreaterThan(1);

        DetectResponse cats = detection.detect(request(chelsea).toBuilder().setThreshold(0.05f).addClasses("猫")
                .setAnnotate(true).setLanguage("zh").build());
        assertThat(cats.getDetectionsList()).isNotEmpty().allSatisfy(d -> assertThat(d.getLabel()).isEqualTo("cat"));
        java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(cats.getAnnotatedPng().newInput());
        assertThat(png.getWidth()).isEqualTo(451);
        assertThat(png.getHeight()).isEqualTo(300);

        assertThatThrownBy(() -> detection.detect(request(chelsea).toBuilder().addClasses("unicorn").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("unknown class 'unicorn'");
                });
        assertThatThrownBy(() -> detection.detect(request(chelsea).toBuilder().setThreshold(1.5f).build()))
                .hasMessageContaining("INVALID_ARGUMENT").hasMessageContaining("threshold must be between 0 and 1");
        assertThatThrownBy(() -> detection.detect(request(chelsea).toBuilder().setModel("yolo").build()))
                .hasMessageContaining("NOT_FOUND").hasMessageContaining("no model called 'yolo'");
    }

    @Test
    void garbageEmptyAndOversizedImagesAreInvalidArgumentWithTheReason() throws Exception {
        byte[] garbage = new byte[5000];
        new Random(4).nextBytes(garbage);
        assertStatus(() -> detection.detect(request(garbage)), Status.Code.INVALID_ARGUMENT, "not an image");
        assertStatus(() -> detection.detect(request(new byte[0])), Status.Code.INVALID_ARGUMENT, "no image in the request");
        byte[] hugeHeader = Files.readAllBytes(Samples.fixture("huge-header.png"));
        assertStatus(() -> detection.detect(request(hugeHeader)), Status.Code.INVALID_ARGUMENT, "image too large");
        byte[] truncated = Files.readAllBytes(Samples.fixture("truncated.png"));
        assertStatus(() -> detection.detect(request(truncated)), Status.Code.INVALID_ARGUMENT, "PNG");
        // The server is fine afterwards.
        assertThat(detection.detect(request(chelsea)).getDetections(0).getLabel()).isEqualTo("cat");
    }

    @Test
    void seventeenMebibytesIsResourceExhaustedAndTheClientSaysTooLarge() {
        byte[] big = new byte[17 << 20];
        new Random(17).nextBytes(big);
        assertStatus(() -> detection.detect(request(big)), Status.Code.RESOURCE_EXHAUSTED, "16777216");

        try (RemoteDetectionClient client = new RemoteDetectionClient("127.0.0.1", server.port(), RemoteOptions.defaults())) {
            DetectionException e = catchThrowableOfType(DetectionException.class, () -> client.detect(big, DetectOptions.defaults()));
            assertThat(e.kind()).isEqualTo(DetectionException.Kind.TOO_LARGE);
            assertThat(e.getMessage()).startsWith("the image is too large for the Halfday server at 127.0.0.1:");
        }
    }

    @Test
    void fiftyConcurrentRequestsAreAllAnsweredCorrectly() throws Exception {
        DetectionGrpc.DetectionFutureStub async = DetectionGrpc.newFutureStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
        byte[] coffee = Files.readAllBytes(Samples.photo("coffee.png"));
        List<com.google.common.util.concurrent.ListenableFuture<DetectResponse>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            calls.add(async.detect(request(i % 2 == 0 ? chelsea : coffee).toBuilder().setId("n" + i).build()));
        }
        DetectResponse firstCat = null;
        for (int i = 0; i < 50; i++) {
            DetectResponse r = calls.get(i).get(60, TimeUnit.SECONDS);
            assertThat(r.getId()).isEqualTo("n" + i);
            assertThat(r.getDetections(0).getLabel()).as("request " + i).isEqualTo(i % 2 == 0 ? "cat" : "cup");
            if (i % 2 == 0) {
                if (firstCat == null) {
                    firstCat = r;
                }
                // Concurrency must not change answers: identical input, identical detections.
                assertThat(r.getDetectionsList()).isEqualTo(firstCat.getDetectionsList());
            }
        }
        assertThat(server.maxQueuedSeen()).isLessThanOrEqualTo(server.options().queueCapacity());
    }

    @Test
    void aFullQueueAnswersBusyAtOnceAndNeverGrows() throws Exception {
        try (DetectionServer small = DetectionServer.start(ServedModels.of(detector),
                ServeOptions.defaults().withPort(0).withMaxInflight(1).withQueueCapacity(2))) {
            ManagedChannel ch = channelTo(small);
            try {
                DetectionGrpc.DetectionFutureStub async = DetectionGrpc.newFutureStub(ch).withDeadlineAfter(60, TimeUnit.SECONDS);
                byte[] astronaut = Files.readAllBytes(Samples.photo("astronaut.png"));
                List<com.google.common.util.concurrent.ListenableFuture<DetectResponse>> calls = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    calls.add(async.detect(request(astronaut)));
                }
                int ok = 0;
                int busy = 0;
                for (var call : calls) {
                    try {
                        assertThat(call.get(60, TimeUnit.SECONDS).getDetections(0).getLabel()).isEqualTo("person");
                        ok++;
                    } catch (ExecutionException e) {
                        StatusRuntimeException s = (StatusRuntimeException) e.getCause();
                        assertThat(s.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                        assertThat(s.getStatus().getDescription()).startsWith("server busy:").contains("the queue holds 2");
                        assertThat(s.getTrailers().get(ServeHeaders.REASON)).isEqualTo(ServeHeaders.REASON_BUSY);
                        busy++;
                    }
                }
                assertThat(ok + busy).isEqualTo(16);
                assertThat(ok).as("the running one and the queued ones are answered").isGreaterThanOrEqualTo(3);
                assertThat(busy).as("16 at once cannot fit in 1 worker + 2 places").isPositive();
                assertThat(small.maxQueuedSeen()).isLessThanOrEqualTo(2);
                assertThat(small.stats().rejected()).isEqualTo(busy);

                try (RemoteDetectionClient client = new RemoteDetectionClient("127.0.0.1", small.port(), RemoteOptions.defaults())) {
                    List<CompletableFuture<DetectionException.Kind>> kinds = new ArrayList<>();
                    for (int i = 0; i < 12; i++) {
                        kinds.add(CompletableFuture.supplyAsync(() -> {
                            try {
                                client.detect(astronaut, DetectOptions.defaults());
                                return null;
                            } catch (DetectionException e) {
                                return e.kind();
                            }
                        }));
                    }
                    List<DetectionException.Kind> failures = kinds.stream().map(CompletableFuture::join)
                            .filter(java.util.Objects::nonNull).toList();
                    assertThat(failures).as("the client reports a full queue as BUSY").containsOnly(DetectionException.Kind.BUSY);
                }
            } finally {
                ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void requestsWhoseDeadlinePassedWhileQueuedAreDroppedUnrun() throws Exception {
        try (DetectionServer small = DetectionServer.start(ServedModels.of(detector),
                ServeOptions.defaults().withPort(0).withMaxInflight(1).withQueueCapacity(32))) {
            ManagedChannel ch = channelTo(small);
            try {
                // Connected and warmed up first, and a small file, so that the deadlines below run out in the
                // server's queue rather than on the way there. 30 detections of ≥ 40 ms each cannot all finish
                // within 1 s on one worker.
                byte[] small160 = Files.readAllBytes(Samples.fixture("coffee-160.png"));
                DetectionGrpc.newBlockingStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS).detect(request(small160));
                DetectionGrpc.DetectionFutureStub async = DetectionGrpc.newFutureStub(ch);
                List<com.google.common.util.concurrent.ListenableFuture<DetectResponse>> calls = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    calls.add(async.withDeadlineAfter(1, TimeUnit.SECONDS).detect(request(small160)));
                }
                int expiredAtClient = 0;
                for (var call : calls) {
                    try {
                        call.get(10, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        assertThat(((StatusRuntimeException) e.getCause()).getStatus().getCode())
                                .isEqualTo(Status.Code.DEADLINE_EXCEEDED);
                        expiredAtClient++;
                    }
                }
                assertThat(expiredAtClient).isPositive();
                // The queued ones whose deadline had passed are skipped, not run for nobody.
                org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS)
                        .until(() -> small.stats().running() == 0 && small.stats().queued() == 0);
                assertThat(small.stats().expired()).isPositive();
                DetectResponse after = DetectionGrpc.newBlockingStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS)
                        .detect(request(chelsea));
                assertThat(after.getDetections(0).getLabel()).isEqualTo("cat");
            } finally {
                ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void detectStreamAnswersEachImageInOrderAndCarriesOnAfterABadOne() throws Exception {
        byte[] coffee = Files.readAllBytes(Samples.photo("coffee.png"));
        LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
        StreamObserver<DetectRequest> requests = DetectionGrpc.newStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS)
                .detectStream(new StreamObserver<>() {
                    @Override
                    public void onNext(DetectResponse value) {
                        events.add(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        events.add(t);
                    }

                    @Override
                    public void onCompleted() {
                        events.add("done");
                    }
                });
        requests.onNext(request(chelsea).toBuilder().setId("a").build());
        requests.onNext(request("not an image at all".getBytes()).toBuilder().setId("b").build());
        requests.onNext(request(coffee).toBuilder().setId("c").build());
        requests.onCompleted();

        DetectResponse a = (DetectResponse) events.poll(30, TimeUnit.SECONDS);
        DetectResponse b = (DetectResponse) events.poll(30, TimeUnit.SECONDS);
        DetectResponse c = (DetectResponse) events.poll(30, TimeUnit.SECONDS);
        assertThat(events.poll(30, TimeUnit.SECONDS)).isEqualTo("done");
        assertThat(a.getId()).isEqualTo("a");
        assertThat(a.getDetections(0).getLabel()).isEqualTo("cat");
        assertThat(b.getId()).isEqualTo("b");
        assertThat(b.getError().getCode()).isEqualTo("INVALID_ARGUMENT");
        assertThat(b.getError().getMessage()).contains("not an image");
        assertThat(c.getId()).isEqualTo("c");
        assertThat(c.getDetections(0).getLabel()).isEqualTo("cup");
    }

    @Test
    void tfServingClientOnOurPredictionServiceReturnsTheSameDetectionsAsDetect() throws Exception {
        try (RemoteDetectionClient halfday = new RemoteDetectionClient("127.0.0.1", server.port(), RemoteOptions.defaults());
             TfServingDetectionClient tfs = new TfServingDetectionClient("127.0.0.1", server.port(),
                     OdApiSignature.DEFAULT_MODEL_NAME, OdApiSignature.DEFAULT_SIGNATURE, RemoteOptions.defaults())) {
            for (String sample : new String[] {"chelsea.png", "astronaut.png", "coffee.png", "motorcycle_left.png"}) {
                byte[] image = Files.readAllBytes(Samples.photo(sample));
                DetectionResult viaDetect = halfday.detect(image, DetectOptions.defaults());
                DetectionResult viaPredict = tfs.detect(image, DetectOptions.defaults());
                assertThat(viaDetect.detections()).as(sample).isNotEmpty();
                assertThat(viaPredict.width()).isEqualTo(viaDetect.width());
                assertThat(viaPredict.detections()).as(sample).hasSameSizeAs(viaDetect.detections());
                for (int i = 0; i < viaDetect.detections().size(); i++) {
                    Detection d = viaDetect.detections().get(i);
                    Detection p = viaPredict.detections().get(i);
                    assertThat(p.label()).as(sample + " #" + i).isEqualTo(d.label());
                    assertThat(p.classIndex()).isEqualTo(d.classIndex());
                    assertThat(p.score()).isCloseTo(d.score(), within(1e-6f));
                    assertThat(p.box().x1()).isCloseTo(d.box().x1(), within(0.01f));
                    assertThat(p.box().y1()).isCloseTo(d.box().y1(), within(0.01f));
                    assertThat(p.box().x2()).isCloseTo(d.box().x2(), within(0.01f));
                    assertThat(p.box().y2()).isCloseTo(d.box().y2(), within(0.01f));
                }
            }
            assertThat(tfs.describe()).isEqualTo("tf-serving tfs:127.0.0.1:" + server.port() + "/detector");
        }
    }

    @Test
    void predictSpeaksTheObjectDetectionApiContract() throws IOException {
        PredictionServiceGrpc.PredictionServiceBlockingStub predict =
                PredictionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
        PredictResponse r = predict.predict(PredictRequest.newBuilder()
                .setModelSpec(ModelSpec.newBuilder().setName("detector"))
                .putInputs("input_tensor", Tensors.encodedImage(chelsea))
                .build());
        assertThat(r.getModelSpec().getName()).isEqualTo("detector");
        assertThat(r.getModelSpec().getVersion().getValue()).isEqualTo(1);
        assertThat(r.getModelSpec().getSignatureName()).isEqualTo("serving_default");
        assertThat(Tensors.dims(r.getOutputsOrThrow("detection_boxes"))).containsExactly(1, 100, 4);
        assertThat(r.getOutputsOrThrow("detection_boxes").getDtype()).isEqualTo(DataType.DT_FLOAT);
        float n = Tensors.readFloats(r.getOutputsOrThrow("num_detections"))[0];
        float[] scores = Tensors.readFloats(r.getOutputsOrThrow("detection_scores"));
        float[] classes = Tensors.readFloats(r.getOutputsOrThrow("detection_classes"));
        float[] boxes = Tensors.readFloats(r.getOutputsOrThrow("detection_boxes"));
        assertThat(n).isGreaterThan(1);
        assertThat(classes[0]).as("COCO id of cat").isEqualTo(17f);
        assertThat(scores[0]).isGreaterThan(0.4f);
        assertThat(boxes[0]).as("ymin").isLessThan(boxes[2]).isBetween(0f, 1f);
        assertThat(boxes[1]).as("xmin").isLessThan(boxes[3]).isBetween(0f, 1f);
        assertThat(scores[(int) n]).as("rows after num_detections are padding").isZero();

        PredictResponse filtered = predict.predict(PredictRequest.newBuilder()
                .setModelSpec(ModelSpec.newBuilder().setName("detector").setSignatureName("serving_default"))
                .putInputs("input_tensor", Tensors.uint8Image(Samples.decode(Samples.photo("chelsea.png")).image()))
                .addOutputFilter("detection_scores")
                .build());
        assertThat(filtered.getOutputsMap().keySet()).containsExactly("detection_scores");
        assertThat(Tensors.readFloats(filtered.getOutputsOrThrow("detection_scores"))).containsExactly(scores);

        assertStatus(() -> predict.predict(PredictRequest.newBuilder().setModelSpec(ModelSpec.newBuilder().setName("nope"))
                .putInputs("input_tensor", Tensors.encodedImage(chelsea)).build()), Status.Code.NOT_FOUND, "Servable not found");
        assertStatus(() -> predict.predict(PredictRequest.newBuilder().setModelSpec(ModelSpec.newBuilder().setName("detector"))
                .putInputs("images", Tensors.encodedImage(chelsea)).build()), Status.Code.INVALID_ARGUMENT, "'input_tensor'");
        assertStatus(() -> predict.predict(PredictRequest.newBuilder().setModelSpec(ModelSpec.newBuilder().setName("detector"))
                .putInputs("input_tensor", Tensors.floats(new float[] {1}, 1)).build()), Status.Code.INVALID_ARGUMENT, "DT_UINT8");
        assertStatus(() -> predict.predict(PredictRequest.newBuilder().setModelSpec(ModelSpec.newBuilder().setName("detector")
                .setSignatureName("classify")).putInputs("input_tensor", Tensors.encodedImage(chelsea)).build()),
                Status.Code.FAILED_PRECONDITION, "classify");
    }

    @Test
    void getModelMetadataAndListModelsDescribeTheServedModels() throws Exception {
        GetModelMetadataResponse meta = PredictionServiceGrpc.newBlockingStub(channel).getModelMetadata(
                GetModelMetadataRequest.newBuilder().setModelSpec(ModelSpec.newBuilder().setName("detector"))
                        .addMetadataField("signature_def").build());
        SignatureDefMap signatures = meta.getMetadataOrThrow("signature_def").unpack(SignatureDefMap.class);
        assertThat(meta.getMetadataOrThrow("signature_def").getTypeUrl())
                .isEqualTo("type.googleapis.com/tensorflow.serving.SignatureDefMap");
        var signature = signatures.getSignatureDefOrThrow("serving_default");
        assertThat(signature.getInputsOrThrow("input_tensor").getDtype()).isEqualTo(DataType.DT_UINT8);
        assertThat(signature.getOutputsMap().keySet()).containsExactlyInAnyOrderElementsOf(OdApiSignature.OUTPUTS);

        ListModelsResponse models = detection.listModels(ListModelsRequest.getDefaultInstance());
        assertThat(models.getModelsCount()).isEqualTo(1);
        assertThat(models.getModels(0).getName()).isEqualTo("coco-centernet");
        assertThat(models.getModels(0).getServingName()).isEqualTo("detector");
        assertThat(models.getModels(0).getIsDefault()).isTrue();
        assertThat(models.getModels(0).getLabelsList()).hasSize(80).contains("cat");
    }

    @Test
    void healthIsServingAndReflectionListsTheServices() throws Exception {
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
        assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus())
                .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        assertThat(health.check(HealthCheckRequest.newBuilder().setService("halfday.v1.Detection").build()).getStatus())
                .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        assertThat(health.check(HealthCheckRequest.newBuilder().setService("tensorflow.serving.PredictionService").build())
                .getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);

        LinkedBlockingQueue<ServerReflectionResponse> answers = new LinkedBlockingQueue<>();
        CountDownLatch done = new CountDownLatch(1);
        StreamObserver<ServerReflectionRequest> ask = ServerReflectionGrpc.newStub(channel).serverReflectionInfo(
                new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse value) {
                        answers.add(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.countDown();
                    }

                    @Override
                    public void onCompleted() {
                        done.countDown();
                    }
                });
        ask.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        ask.onNext(ServerReflectionRequest.newBuilder().setFileContainingSymbol("halfday.v1.Detection").build());
        ask.onCompleted();
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        ServerReflectionResponse services = answers.poll();
        assertThat(services.getListServicesResponse().getServiceList()).extracting(ServiceResponse::getName)
                .contains("halfday.v1.Detection", "tensorflow.serving.PredictionService", "grpc.health.v1.Health");
        ServerReflectionResponse file = answers.poll();
        assertThat(file.getFileDescriptorResponse().getFileDescriptorProtoCount()).isPositive();
    }

    static void assertStatus(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Status.Code code, String text) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).contains(text);
        });
    }
}
