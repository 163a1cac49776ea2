package dev.halfday.engine.serve;

import dev.halfday.engine.image.ImageDecoder;
import dev.halfday.engine.proto.halfday.v1.DetectionGrpc;
import dev.halfday.engine.proto.tfserving.PredictionServiceGrpc;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The detection service: {@code halfday.v1.Detection} and TensorFlow Serving's {@code PredictionService} on one
 * gRPC port, with health checking and server reflection. Loopback only unless told otherwise, and then only
 * with a token unless that was explicitly waived.
 *
 * <pre>{@code
 * try (DetectionServer server = DetectionServer.start(ServedModels.of(detector), ServeOptions.defaults())) {
 *     server.awaitTermination();
 * }
 * }</pre>
 */
public final class DetectionServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DetectionServer.class);

    private final Server server;
    private final int port;
    private final ServeOptions options;
    private final RequestScheduler scheduler;
    private final ServeMetrics metrics;
    private final HealthStatusManager health;
    private final Object shutdownLock = new Object();
    private boolean shutDown;

    private DetectionServer(Server server, ServeOptions options, RequestScheduler scheduler, ServeMetrics metrics,
                            HealthStatusManager health) {
        this.server = server;
        this.port = server.getPort();
        this.options = options;
        this.scheduler = scheduler;
        this.metrics = metrics;
        this.health = health;
    }

    /**
     * Binds and starts serving.
     *
     * @throws IOException              the port is taken or the address is not this computer's
     * @throws IllegalArgumentException a non-loopback bind without a token and without the explicit waiver
     */
    public static DetectionServer start(ServedModels models, ServeOptions options) throws IOException {
        if (!options.isLoopback() && options.token().isEmpty() && !options.allowRemoteWithoutToken()) {
            throw new IllegalArgumentException("binding to " + options.bind() + " lets other computers use this "
                    + "server: give it a token (--token-file or HALFDAY_SERVE_TOKEN), or waive that explicitly "
                    + "(--insecure-no-token)");
        }
        ImageDecoder decoder = new ImageDecoder(options.maxPixels());
        RequestScheduler scheduler = new RequestScheduler(options.maxInflight(), options.queueCapacity());
        ServeMetrics metrics = new ServeMetrics();
        RequestRunner runner = new RequestRunner(scheduler, metrics);
        HealthStatusManager health = new HealthStatusManager();

        NettyServerBuilder builder = NettyServerBuilder
                .forAddress(new InetSocketAddress(options.bind(), options.port()))
                // Larger requests are refused with RESOURCE_EXHAUSTED before they are buffered.
                .maxInboundMessageSize(options.maxMessageBytes())
                .addService(health.getHealthService())
                .addService(ProtoReflectionServiceV1.newInstance())
                .addService(legacyReflection());
        ServerServiceDefinition detection = new HalfdayDetectionService(models, decoder, runner).bindService();
        ServerServiceDefinition prediction = new TfServingPredictionService(models, decoder, runner).bindService();
        builder.addService(detection).addService(prediction);
        options.token().ifPresent(token -> builder.intercept(new TokenAuthInterceptor(token)));

        Server server = builder.build();
        try {
            server.start();
        } catch (IOException e) {
            scheduler.abort();
            throw new IOException("cannot listen on " + options.bind() + ":" + options.port() + ": " + e.getMessage(), e);
        }
        for (String service : new String[] {"", DetectionGrpc.SERVICE_NAME, PredictionServiceGrpc.SERVICE_NAME}) {
            health.setStatus(service, ServingStatus.SERVING);
        }
        DetectionServer result = new DetectionServer(server, options, scheduler, metrics, health);
        log.info("serving detection on {} (models: {})", result.target(), models.describeNames());
        return result;
    }

    /** grpcurl before 1.8.8 and many other tools only speak the v1alpha reflection protocol. */
    @SuppressWarnings("deprecation")
    private static io.grpc.BindableService legacyReflection() {
        return ProtoReflectionService.newInstance();
    }

    /** The port listened on (the one picked when the options said 0). */
    public int port() {
        return port;
    }

    /** "127.0.0.1:50051": what a client's {@code --backend} takes. */
    public String target() {
        String host = options.bind();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    public ServeOptions options() {
        return options;
    }

    public ServeStats stats() {
        return metrics.snapshot(scheduler.running(), scheduler.queued());
    }

    /** The longest the waiting line has been; never above the queue capacity. */
    public int maxQueuedSeen() {
        return scheduler.maxQueuedSeen();
    }

    /**
     * Graceful shutdown: health turns NOT_SERVING, new calls are refused, and requests already received (running
     * or queued) are finished and answered; after the grace period, whatever is left is cancelled.
     */
    public void shutdown() {
        synchronized (shutdownLock) {
            if (shutDown) {
                return;
            }
            shutDown = true;
        }
        health.enterTerminalState();
        server.shutdown();
        try {
            if (!server.awaitTermination(options.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("requests still running after {} s; cancelling them", options.shutdownGrace().toSeconds());
                server.shutdownNow();
                server.awaitTermination(5, TimeUnit.SECONDS);
            }
            scheduler.shutdown(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        log.info("detection server on {} stopped", target());
    }

    /** Blocks until the server has shut down (from another thread or a shutdown hook). */
    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    public boolean isTerminated() {
        return server.isTerminated();
    }

    @Override
    public void close() {
        shutdown();
    }
}
