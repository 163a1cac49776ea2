package dev.halfday.engine.client;

import dev.halfday.engine.serve.ServeHeaders;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One gRPC connection to a remote backend, and the policy for calls over it: an overall deadline per call,
 * retries with exponential backoff while the backend is unreachable, and failures as {@link DetectionException}s
 * in plain words.
 *
 * <p>Retries are done here rather than with gRPC's built-in retry policy because that one keeps retrying against
 * the channel's own reconnect backoff (1 s and growing) and never retries a request larger than its 1 MiB replay
 * buffer, which is most photos.
 */
final class RemoteChannel implements AutoCloseable {

    /** Responses can carry an annotated PNG; allow more than gRPC's 4 MiB default. */
    static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
    private static final long MAX_BACKOFF_MILLIS = 2000;

    private final ManagedChannel channel;
    private final RemoteOptions options;
    private final String description;

    /**
     * @param description names the backend in messages: "the Halfday server at 10.0.0.5:50051"
     */
    RemoteChannel(String host, int port, RemoteOptions options, String description) {
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(host, port)
                .usePlaintext()
                .maxInboundMessageSize(MAX_RESPONSE_BYTES)
                .userAgent("halfday");
        options.token().ifPresent(token -> {
            Metadata headers = new Metadata();
            headers.put(ServeHeaders.AUTHORIZATION, ServeHeaders.bearer(token));
            builder.intercept(MetadataUtils.newAttachHeadersInterceptor(headers));
        });
        this.channel = builder.build();
        this.options = options;
        this.description = description;
    }

    ManagedChannel channel() {
        return channel;
    }

    String description() {
        return description;
    }

    /**
     * Runs one call, retrying while the backend is UNAVAILABLE and time and attempts remain.
     *
     * @param attempt makes the call with the deadline shared by all attempts
     */
    <T> T call(Function<Deadline, T> attempt) throws DetectionException {
        Deadline deadline = Deadline.after(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
        long backoff = options.initialBackoff().toMillis();
        for (int tries = 1; ; tries++) {
            try {
                return attempt.apply(deadline);
            } catch (StatusRuntimeException e) {
                long wait = Math.round(backoff * ThreadLocalRandom.current().nextDouble(0.8, 1.2));
                boolean retry = e.getStatus().getCode() == Status.Code.UNAVAILABLE
                        && tries < options.maxAttempts()
                        && deadline.timeRemaining(TimeUnit.MILLISECONDS) > wait;
                if (!retry) {
                    throw GrpcErrors.toDetectionException(e, description, tries, options.timeout());
                }
                sleep(wait);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
                // Try to connect right away instead of waiting out the channel's own reconnect backoff.
                channel.resetConnectBackoff();
            }
        }
    }

    private static void sleep(long millis) throws DetectionException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DetectionException(DetectionException.Kind.INTERNAL, "interrupted while waiting to retry", e);
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
