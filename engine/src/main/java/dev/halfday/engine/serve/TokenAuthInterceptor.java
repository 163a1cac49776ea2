package dev.halfday.engine.serve;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthGrpc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Lets a call through only when it carries the shared secret as {@code authorization: Bearer <token>}.
 * Health checks stay open so load balancers and Kubernetes probes need no secret; they reveal nothing.
 */
final class TokenAuthInterceptor implements ServerInterceptor {

    private final byte[] expected;

    TokenAuthInterceptor(String token) {
        this.expected = ServeHeaders.bearer(token).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                       ServerCallHandler<Q, A> next) {
        if (HealthGrpc.SERVICE_NAME.equals(call.getMethodDescriptor().getServiceName())) {
            return next.startCall(call, headers);
        }
        String given = headers.get(ServeHeaders.AUTHORIZATION);
        // Constant-time comparison: the time taken must not tell how much of a guess was right.
        if (given == null || !MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
            call.close(Status.UNAUTHENTICATED.withDescription(given == null
                    ? "this server needs a token: send the metadata header 'authorization: Bearer <token>'"
                    : "wrong token"), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return next.startCall(call, headers);
    }
}
