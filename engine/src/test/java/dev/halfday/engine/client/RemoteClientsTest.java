package dev.halfday.engine.client;

import dev.halfday.engine.detect.DetectOptions;
import dev.halfday.engine.detect.Detector;
import dev.halfday.engine.detect.Detectors;
import dev.halfday.engine.serve.DetectionServer;
import dev.halfday.engine.serve.ServeOptions;
import dev.halfday.engine.serve.ServedModels;
import dev.halfday.engine.testing.Samples;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The client backends against real servers (and real absences of one): results, retries and errors. */
class RemoteClientsTest {

    private static Detector detector;
    private static DetectionServer server;
    private static byte[] chelsea;

    @BeforeAll
    static void start() throws Exception {
        detector = Detectors.loadDefault();
        server = DetectionServer.start(ServedModels.of(detector), ServeOptions.defaults().withPort(0));
        chelsea = Files.readAllBytes(Samples.photo("chelsea.png"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.shutdown();
        }
        if (detector != null) {
            detector.close();
        }
    }

    @Test
    void everyBackendFromItsSpecFindsTheCat() throws Exception {
        try (DetectionClient local = new LocalDetectionClient(detector, false);
             DetectionClient halfday = DetectionClients.fromSpec(server.target(), () -> detector, false, RemoteOptions.defaults());
             DetectionClient tfs = DetectionClients.fromSpec("tfs:" + server.target() + "/detector", () -> detector, false, RemoteOptions.defaults());
             DetectionClient fromLocalSpec = DetectionClients.fromSpec("local", () -> detector, false)) {
            for (DetectionClient c : new DetectionClient[] {local, halfday, tfs, fromLocalSpec}) {
                var result = c.detect(chelsea, DetectOptions.defaults());
                assertThat(result.detections().get(0).label()).as(c.describe()).isEqualTo("cat");
                assertThat(result.width()).isEqualTo(451);
            }
            assertThat(local.describe()).isEqualTo("local (coco-centernet)");
            assertThat(halfday.describe()).isEqualTo("halfday " + server.target());
            assertThat(tfs).isInstanceOf(TfServingDetectionClient.class);
        }
        DetectionException bad = catchThrowableOfType(DetectionException.class, () -> DetectionClients.fromSpec("tfs:nowhere"));
        assertThat(bad.getMessage()).contains("use local, host:port or tfs:host:port/model");
    }

    @Test
    void theTokenGoesToHalfdayServersOnlyNeverToTfServing() throws Exception {
        String token = "a-shared-secret-of-24-chars";
        // A server that insists on the token for both of its APIs: whoever reaches it without the token is refused.
        DetectionServer guarded = DetectionServer.start(ServedModels.of(detector),
                ServeOptions.defaults().withPort(0).withToken(token));
        RemoteOptions withToken = RemoteOptions.defaults().withMaxAttempts(1).withToken(token);
        try (DetectionClient halfday = DetectionClients.fromSpec(guarded.target(), () -> detector, false, withToken);
             DetectionClient tfs = DetectionClients.fromSpec("tfs:" + guarded.target() + "/detector", () -> detector, false,
                     withToken)) {
            assertThat(halfday.detect(chelsea, DetectOptions.defaults()).detections().get(0).label()).isEqualTo("cat");
            DetectionException refused = catchThrowableOfType(DetectionException.class,
                    () -> tfs.detect(chelsea, DetectOptions.defaults()));
            assertThat(refused).as("the TF Serving client sent no token").isNotNull();
            assertThat(refused.getMessage()).contains("did not accept our token");
        } finally {
            guarded.shutdown();
        }
    }

    @Test
    void badImagesAreBadImageOnEveryBackend() throws Exception {
        byte[] garbage = "this is a text file, not a photo".getBytes();
        try (DetectionClient local = new LocalDetectionClient(detector, false);
             DetectionClient halfday = new RemoteDetectionClient("127.0.0.1", server.port(), RemoteOptions.defaults());
             DetectionClient tfs = new TfServingDetectionClient("127.0.0.1", server.port(), "detector", "serving_default",
                     RemoteOptions.defaults())) {
            for (DetectionClient c : new DetectionClient[] {local, halfday, tfs}) {
                DetectionException e = catchThrowableOfType(DetectionException.class, () -> c.detect(garbage, DetectOptions.defaults()));
                assertThat(e.kind()).as(c.describe()).isEqualTo(DetectionException.Kind.BAD_IMAGE);
                assertThat(e.getMessage()).as(c.describe()).contains("not an image");
            }
        }
    }

    @Test
    void aPhotoTooBigForOneRawTensorMessageIsScaledDownAndStillFound() throws Exception {
        // 3000×1995 RGB is 18 MB of raw uint8, over the server's 16 MiB limit: the client must scale it down.
        java.awt.image.BufferedImage small = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(chelsea));
        int w = 3000;
        int h = Math.round(small.getHeight() * 3000f / small.getWidth());
        java.awt.image.BufferedImage big = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
        java.awt.Graphics2D g = big.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(small, 0, 0, w, h, null);
        g.dispose();
        java.io.ByteArrayOutputStream jpeg = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(big, "jpeg", jpeg);

        java.awt.image.BufferedImage sent = TfServingDetectionClient.fitForWire(big);
        assertThat((long) sent.getWidth() * sent.getHeight()).isLessThanOrEqualTo(TfServingDetectionClient.MAX_SENT_PIXELS);
        assertThat((double) sent.getWidth() / sent.getHeight()).isCloseTo((double) w / h, org.assertj.core.data.Offset.offset(0.01));

        try (DetectionClient tfs = new TfServingDetectionClient("127.0.0.1", server.port(), "detector", "serving_default",
                RemoteOptions.defaults())) {
            var result = tfs.detect(jpeg.toByteArray(), DetectOptions.defaults());
            assertThat(result.width()).isEqualTo(w);
            assertThat(result.height()).isEqualTo(h);
            var cat = result.detections().get(0);
            assertThat(cat.label()).isEqualTo("cat");
            var expected = detector.detect(chelsea, DetectOptions.defaults()).detections().get(0).box();
            float s = w / (float) small.getWidth();
            var scaled = new dev.halfday.engine.detect.BoundingBox(expected.x1() * s, expected.y1() * s,
                    expected.x2() * s, expected.y2() * s);
            assertThat(cat.box().iou(scaled)).as("boxes are in the original photo's pixels").isGreaterThan(0.8f);
        }
    }

    @Test
    void anUnknownTfServingModelSaysSo() {
        try (DetectionClient tfs = new TfServingDetectionClient("127.0.0.1", server.port(), "ssd", "serving_default",
                RemoteOptions.defaults())) {
            DetectionException e = catchThrowableOfType(DetectionException.class, () -> tfs.detect(chelsea, DetectOptions.defaults()));
            assertThat(e.kind()).isEqualTo(DetectionException.Kind.INTERNAL);
            assertThat(e.getMessage()).contains("does not have that model").contains("Servable not found");
        }
    }

    @Test
    void aCallThatOutlivesItsTimeoutIsATimeout() {
        try (DetectionClient c = new RemoteDetectionClient("127.0.0.1", server.port(),
                RemoteOptions.defaults().withTimeout(Duration.ofMillis(5)))) {
            DetectionException e = catchThrowableOfType(DetectionException.class, () -> c.detect(chelsea, DetectOptions.defaults()));
            assertThat(e.kind()).isEqualTo(DetectionException.Kind.TIMEOUT);
            assertThat(e.getMessage()).startsWith("no answer from the Halfday server at 127.0.0.1:");
        }
    }

    @Test
    void nobodyListeningIsUnavailableAfterTheRetries() throws Exception {
        int port = freePort();
        long start = System.nanoTime();
        try (DetectionClient c = new RemoteDetectionClient("127.0.0.1", port,
                RemoteOptions.defaults().withMaxAttempts(3).withInitialBackoff(Duration.ofMillis(100)))) {
            DetectionException e = catchThrowableOfType(DetectionException.class, () -> c.detect(chelsea, DetectOptions.defaults()));
            assertThat(e.kind()).isEqualTo(DetectionException.Kind.UNAVAILABLE);
            assertThat(e.getMessage()).startsWith("cannot reach the Halfday server at 127.0.0.1:" + port + " (tried 3 times)");
        }
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(elapsedMs).as("two backoffs of ~100 and ~200 ms").isGreaterThanOrEqualTo(240);
    }

    @Test
    void aServerThatComesUpDuringTheRetriesAnswers() throws Exception {
        int port = freePort();
        try (DetectionClient c = new RemoteDetectionClient("127.0.0.1", port,
                RemoteOptions.defaults().withMaxAttempts(8).withInitialBackoff(Duration.ofMillis(200)))) {
            CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    return c.detect(chelsea, DetectOptions.defaults()).detections().get(0).label();
                } catch (DetectionException e) {
                    return e.toString();
                }
            });
            Thread.sleep(700);
            assertThat(answer).as("still retrying").isNotDone();
            try (DetectionServer late = DetectionServer.start(ServedModels.of(detector),
                    ServeOptions.defaults().withPort(port))) {
                assertThat(answer.get(60, TimeUnit.SECONDS)).isEqualTo("cat");
                assertThat(late.stats().requests()).isEqualTo(1);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
