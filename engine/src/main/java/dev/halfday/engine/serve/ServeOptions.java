package dev.halfday.engine.serve;

import dev.halfday.engine.image.ImageDecoder;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;

/**
 * How a {@link DetectionServer} runs.
 *
 * @param bind            address to listen on; loopback unless the user asks otherwise
 * @param port            TCP port; 0 picks a free one
 * @param maxInflight     detections running at once (one worker thread each)
 * @param queueCapacity   requests allowed to wait for a worker; more are refused with RESOURCE_EXHAUSTED
 * @param maxMessageBytes largest request accepted; larger ones are refused with RESOURCE_EXHAUSTED
 * @param maxPixels       largest image (width × height) decoded; larger ones are refused with INVALID_ARGUMENT
 * @param token           shared secret callers must send as {@code authorization: Bearer <token>}; empty: none
 * @param shutdownGrace   how long a shutdown waits for in-flight requests before cancelling them
 * @param allowRemoteWithoutToken let a non-loopback bind run without a token (the user explicitly waived it)
 */
public record ServeOptions(String bind, int port, int maxInflight, int queueCapacity, int maxMessageBytes,
                           long maxPixels, Optional<String> token, Duration shutdownGrace,
                           boolean allowRemoteWithoutToken) {

    public static final String LOOPBACK = "127.0.0.1";
    public static final int DEFAULT_PORT = 50051;
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
    public static final int DEFAULT_QUEUE_CAPACITY = 64;

    public ServeOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        if (maxInflight < 1) {
            throw new IllegalArgumentException("max in-flight requests must be at least 1, got " + maxInflight);
        }
        if (queueCapacity < 0) {
            throw new IllegalArgumentException("queue capacity must not be negative, got " + queueCapacity);
        }
        if (maxMessageBytes < 1024) {
            throw new IllegalArgumentException("max message size must be at least 1 KiB, got " + maxMessageBytes);
        }
        if (token.isPresent() && token.get().isBlank()) {
            throw new IllegalArgumentException("the token is empty");
        }
    }

    /** Loopback, port 50051, one worker per core, a 64-request queue, 16 MiB messages, no token. */
    public static ServeOptions defaults() {
        return new ServeOptions(LOOPBACK, DEFAULT_PORT, defaultInflight(), DEFAULT_QUEUE_CAPACITY,
                DEFAULT_MAX_MESSAGE_BYTES, ImageDecoder.DEFAULT_MAX_PIXELS, Optional.empty(), Duration.ofSeconds(30),
                false);
    }

    /** One detection per core: TensorFlow runs one model call fastest on one or two threads (see NOTES). */
    public static int defaultInflight() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    public ServeOptions withBind(String value) {
        return new ServeOptions(value, port, maxInflight, queueCapacity, maxMessageBytes, maxPixels,
                token, shutdownGrace, allowRemoteWithoutToken);
    }

    public ServeOptions withPort(int value) {
        return new ServeOptions(bind, value, maxInflight, queueCapacity, maxMessageBytes, maxPixels,
                token, shutdownGrace, allowRemoteWithoutToken);
    }

    public ServeOptions withMaxInflight(int value) {
        return new ServeOptions(bind, port, value, queueCapacity, maxMessageBytes, maxPixels,
                token, shutdownGrace, allowRemoteWithoutToken);
    }

    public ServeOptions withQueueCapacity(int value) {
        return new ServeOptions(bind, port, maxInflight, value, maxMessageBytes, maxPixels,
                token, shutdownGrace, allowRemoteWithoutToken);
    }

    public ServeOptions withMaxMessageBytes(int value) {
        return new ServeOptions(bind, port, maxInflight, queueCapacity, value, maxPixels,
                token, shutdownGrace, allowRemoteWithoutToken);
    }

    public ServeOptions withMaxPixels(long value) {
        return new ServeOptions(bind, port, maxInflight, queueCapacity, maxMessageBytes, value,
                token, shutdownGrace, allowRemoteWithoutToken);
    }

    public ServeOptions withToken(String value) {
        return new ServeOptions(bind, port, maxInflight, queueCapacity, maxMessageBytes, maxPixels,
                Optional.ofNullable(value), shutdownGrace, allowRemoteWithoutToken);
    }

    public ServeOptions withShutdownGrace(Duration value) {
        return new ServeOptions(bind, port, maxInflight, queueCapacity, maxMessageBytes, maxPixels,
                token, value, allowRemoteWithoutToken);
    }

    public ServeOptions withAllowRemoteWithoutToken(boolean value) {
        return new ServeOptions(bind, port, maxInflight, queueCapacity, maxMessageBytes, maxPixels, token,
                shutdownGrace, value);
    }

    /** True when the bind address only accepts connections from this computer. */
    public boolean isLoopback() {
        try {
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
