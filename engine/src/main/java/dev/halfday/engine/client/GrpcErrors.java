package dev.halfday.engine.client;

import dev.halfday.engine.client.DetectionException.Kind;
import dev.halfday.engine.serve.ServeHeaders;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.time.Duration;
import java.util.Locale;

/** Turns gRPC failures into {@link DetectionException}s a user can act on. */
final class GrpcErrors {

    private GrpcErrors() {
    }

    /**
     * @param backend  "the Halfday server at 127.0.0.1:50051"
     * @param attempts how many times the call was tried
     * @param timeout  the call's time budget, for the timeout message
     */
    static DetectionException toDetectionException(StatusRuntimeException e, String backend, int attempts,
                                                   Duration timeout) {
        Status status = e.getStatus();
        String detail = status.getDescription() == null ? status.getCode().name() : status.getDescription();
        return switch (status.getCode()) {
            case INVALID_ARGUMENT -> new DetectionException(Kind.BAD_IMAGE,
                    backend + " refused the image: " + detail, e);
            case RESOURCE_EXHAUSTED -> isBusy(e)
                    ? new DetectionException(Kind.BUSY, backend + " is busy; try again shortly (" + detail + ")", e)
                    : new DetectionException(Kind.TOO_LARGE, "the image is too large for " + backend + " (" + detail + ")", e);
            case UNAVAILABLE -> new DetectionException(Kind.UNAVAILABLE, "cannot reach " + backend
                    + (attempts > 1 ? " (tried " + attempts + " times)" : "") + ": " + detail, e);
            case DEADLINE_EXCEEDED -> new DetectionException(Kind.TIMEOUT,
                    "no answer from " + backend + " within " + seconds(timeout), e);
            case UNAUTHENTICATED, PERMISSION_DENIED -> new DetectionException(Kind.INTERNAL,
                    backend + " did not accept our token (set " + RemoteOptions.TOKEN_ENV + "): " + detail, e);
            case NOT_FOUND, FAILED_PRECONDITION -> new DetectionException(Kind.INTERNAL,
                    backend + " does not have that model: " + detail, e);
            case UNIMPLEMENTED -> new DetectionException(Kind.INTERNAL,
                    backend + " does not offer this API; is it the right kind of server? (" + detail + ")", e);
            default -> new DetectionException(Kind.INTERNAL,
                    backend + " failed: " + status.getCode() + " " + detail, e);
        };
    }

    /**
     * RESOURCE_EXHAUSTED means "too large" or "busy". Halfday says which in a trailer; TensorFlow Serving's
     * messages name the size limit when that is the cause, and anything else there is a full batching queue.
     */
    private static boolean isBusy(StatusRuntimeException e) {
        Metadata trailers = e.getTrailers();
        if (trailers != null && ServeHeaders.REASON_BUSY.equals(trailers.get(ServeHeaders.REASON))) {
            return true;
        }
        String d = String.valueOf(e.getStatus().getDescription()).toLowerCase(Locale.ROOT);
        return !(d.contains("exceeds maximum size") || d.contains("larger than max") || d.contains("too large"));
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
