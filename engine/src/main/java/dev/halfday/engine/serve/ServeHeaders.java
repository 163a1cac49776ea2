package dev.halfday.engine.serve;

import io.grpc.Metadata;

/** Metadata keys a Halfday server and its clients agree on. */
public final class ServeHeaders {

    /** Carries the shared secret: {@code authorization: Bearer <token>}. */
    public static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    /**
     * A machine-readable reason next to a status whose code alone is ambiguous: RESOURCE_EXHAUSTED means either
     * "the request is too large" or "the queue is full"; the latter carries {@value #REASON_BUSY}.
     */
    public static final Metadata.Key<String> REASON = Metadata.Key.of("halfday-reason", Metadata.ASCII_STRING_MARSHALLER);
    public static final String REASON_BUSY = "busy";

    private ServeHeaders() {
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }
}
