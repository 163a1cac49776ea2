package dev.halfday.engine.client;

import java.time.Duration;
import java.util.Optional;

/**
 * How a client talks to a remote backend.
 *
 * @param timeout        the whole call, retries included, must finish within this
 * @param maxAttempts    tries when the backend is unreachable (UNAVAILABLE); 1 means no retry
 * @param initialBackoff wait before the first retry; doubled for each next one (±20% jitter), at most 2 s
 * @param token          shared secret sent as {@code authorization: Bearer <token>}, when the server wants one;
 *                       sent to Halfday servers only, never to TensorFlow Serving
 */
public record RemoteOptions(Duration timeout, int maxAttempts, Duration initialBackoff, Optional<String> token) {

    /** Environment variable holding the shared secret, read by {@link #fromEnvironment()} (and by the server). */
    public static final String TOKEN_ENV = dev.halfday.engine.serve.ServeToken.ENV;

    public RemoteOptions {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        token = token.filter(t -> !t.isBlank());
    }

    /** 30 s per call, 4 attempts starting 250 ms apart, no token. */
    public static RemoteOptions defaults() {
        return new RemoteOptions(Duration.ofSeconds(30), 4, Duration.ofMillis(250), Optional.empty());
    }

    /** The defaults, with the token from {@value #TOKEN_ENV} when set. */
    public static RemoteOptions fromEnvironment() {
        return defaults().withToken(System.getenv(TOKEN_ENV));
    }

    public RemoteOptions withTimeout(Duration value) {
        return new RemoteOptions(value, maxAttempts, initialBackoff, token);
    }

    public RemoteOptions withMaxAttempts(int value) {
        return new RemoteOptions(timeout, value, initialBackoff, token);
    }

    public RemoteOptions withInitialBackoff(Duration value) {
        return new RemoteOptions(timeout, maxAttempts, value, token);
    }

    public RemoteOptions withToken(String value) {
        return new RemoteOptions(timeout, maxAttempts, initialBackoff, Optional.ofNullable(value));
    }
}
