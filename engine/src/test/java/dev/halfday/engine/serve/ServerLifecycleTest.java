package dev.halfday.engine.serve;

import com.google.protobuf.ByteString;
import dev.halfday.engine.client.DetectionException;
import dev.halfday.engine.client.RemoteDetectionClient;
import dev.halfday.engine.client.RemoteOptions;
import dev.halfday.engine.detect.DetectOptions;
import dev.halfday.engine.detect.Detector;
import dev.halfday.engine.detect.Detectors;
import dev.halfday.engine.proto.halfday.v1.DetectRequest;
import dev.halfday.engine.proto.halfday.v1.DetectResponse;
import dev.halfday.engine.proto.halfday.v1.DetectionGrpc;
import dev.halfday.engine.testing.Samples;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Token protection, the loopback default and graceful shutdown, on real servers. */
class ServerLifecycleTest {

    private static final String TOKEN = "s3cret-token-for-tests-0123456789";

    private static Detector detector;
    private static byte[] chelsea;

    @BeforeAll
    static void load() throws Exception {
        detector = Detectors.loadDefault();
        chelsea = Files.readAllBytes(Samples.photo("chelsea.png"));
    }

    @AfterAll
    static void close() {
        if (detector != null) {
            detector.close();
        }
    }

    private static DetectRequest request(byte[] image) {
        return DetectRequest.newBuilder().setImage(ByteString.copyFrom(image)).build();
    }

    @Test
    void aTokenServerRefusesCallsWithoutItButHealthChecksStayOpen() throws Exception {
        try (DetectionServer server = DetectionServer.start(ServedModels.of(detector),
                ServeOptions.defaults().withPort(0).withToken(TOKEN))) {
            ManagedChannel ch = DetectionServerTest.channelTo(server);
            try {
                DetectionGrpc.DetectionBlockingStub stub = DetectionGrpc.newBlockingStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS);
                DetectionServerTest.assertStatus(() -> stub.detect(request(chelsea)), Status.Code.UNAUTHENTICATED,
                        "authorization: Bearer <token>");
                assertThat(HealthGrpc.newBlockingStub(ch).check(HealthCheckRequest.getDefaultInstance()).getStatus())
                        .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
            } finally {
                ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }

            try (RemoteDetectionClient wrong = new RemoteDetectionClient("127.0.0.1", server.port(),
                    RemoteOptions.defaults().withToken("not-the-right-token-at-all"))) {
                DetectionException e = catchThrowableOfType(DetectionException.class,
                        () -> wrong.detect(chelsea, DetectOptions.defaults()));
                assertThat(e.getMessage()).contains("did not accept our token").contains("wrong token");
            }
            try (RemoteDetectionClient right = new RemoteDetectionClient("127.0.0.1", server.port(),
                    RemoteOptions.defaults().withToken(TOKEN))) {
                assertThat(right.detect(chelsea, DetectOptions.defaults()).detections().get(0).label()).isEqualTo("cat");
            }
        }
    }

    @Test
    void aNetworkBindWithoutATokenIsRefusedUnlessWaived() {
        assertThatThrownBy(() -> DetectionServer.start(ServedModels.of(detector),
                ServeOptions.defaults().withPort(0).withBind("0.0.0.0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("give it a token").hasMessageContaining("--insecure-no-token");
        assertThat(ServeOptions.defaults().bind()).isEqualTo("127.0.0.1");
        assertThat(ServeOptions.defaults().withBind("::1").isLoopback()).isTrue();
        assertThat(ServeOptions.defaults().withBind("0.0.0.0").isLoopback()).isFalse();
    }

    @Test
    void shutdownFinishesTheRequestsAlreadyReceivedAndRefusesNewOnes() throws Exception {
        DetectionServer server = DetectionServer.start(ServedModels.of(detector),
                ServeOptions.defaults().withPort(0).withMaxInflight(1).withQueueCapacity(16));
        ManagedChannel ch = DetectionServerTest.channelTo(server);
        try {
            DetectionGrpc.DetectionFutureStub async = DetectionGrpc.newFutureStub(ch).withDeadlineAfter(60, TimeUnit.SECONDS);
            List<com.google.common.util.concurrent.ListenableFuture<DetectResponse>> calls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                calls.add(async.detect(request(chelsea)));
            }
            // Ten detections take one worker half a second at the very least: stop as soon as all have arrived.
            Awaitility.await().pollDelay(java.time.Duration.ZERO).pollInterval(java.time.Duration.ofMillis(2))
                    .atMost(30, TimeUnit.SECONDS).until(() -> server.stats().requests() == 10);
            assertThat(server.stats().queued() + server.stats().running()).as("still working when asked to stop")
                    .isPositive();
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::shutdown);

            Awaitility.await().atMost(10, TimeUnit.SECONDS).untilAsserted(() ->
                    assertThatThrownBy(() -> DetectionGrpc.newBlockingStub(ch).withDeadlineAfter(5, TimeUnit.SECONDS)
                            .detect(request(chelsea)))
                            .isInstanceOfSatisfying(StatusRuntimeException.class,
                                    e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE)));
            for (var call : calls) {
                assertThat(call.get(60, TimeUnit.SECONDS).getDetections(0).getLabel()).isEqualTo("cat");
            }
            stopping.get(60, TimeUnit.SECONDS);
            assertThat(server.isTerminated()).isTrue();
            assertThat(server.stats().failed()).isZero();
        } finally {
            ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            server.shutdown();
        }
    }
}
