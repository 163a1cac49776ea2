package dev.halfday.engine.serve;

import dev.halfday.engine.image.ImageRejectedException;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * Runs one request's work on the bounded {@link RequestScheduler} and turns every outcome into a gRPC answer:
 * a full queue into RESOURCE_EXHAUSTED (with reason {@value ServeHeaders#REASON_BUSY}), a refused image or bad
 * argument into INVALID_ARGUMENT with the reason in plain words, anything unexpected into INTERNAL. A request
 * whose caller gave up or whose deadline passed while it waited is dropped without running the model.
 */
final class RequestRunner {

    private static final Logger log = LoggerFactory.getLogger(RequestRunner.class);

    /** The work for one request; {@code receivedNanos} lets it report how long it waited. */
    @FunctionalInterface
    interface Work<T> {
        T run(long receivedNanos) throws Exception;
    }

    private final RequestScheduler scheduler;
    private final ServeMetrics metrics;

    RequestRunner(RequestScheduler scheduler, ServeMetrics metrics) {
        this.scheduler = scheduler;
        this.metrics = metrics;
    }

    /** Runs the work for a unary call and answers it. */
    <T> void unary(StreamObserver<T> observer, Work<T> work) {
        submit(work, result -> {
            observer.onNext(result);
            observer.onCompleted();
        }, error -> observer.onError(error));
    }

    /**
     * Runs the work on a worker and hands its result or failure to exactly one of the callbacks (on the worker,
     * or on the calling thread when the queue is full). Nothing is called when the caller gave up meanwhile.
     */
    <T> void submit(Work<T> work, Consumer<T> onResult, Consumer<StatusException> onError) {
        long received = System.nanoTime();
        metrics.received();
        Context context = Context.current();
        Runnable task = context.wrap(() -> {
            if (context.isCancelled()) {
                // The deadline passed or the caller left while this waited: nobody would read the answer.
                metrics.expired();
                return;
            }
            T result;
            try {
                result = work.run(received);
            } catch (Exception | OutOfMemoryError e) {
                metrics.failed();
                deliver(onError, toStatus(e));
                return;
            }
            metrics.succeeded(System.nanoTime() - received);
            deliver(onResult, result);
        });
        if (!scheduler.trySubmit(task)) {
            metrics.rejected();
            deliver(onError, busy());
        }
    }

    private StatusException busy() {
        Metadata trailers = new Metadata();
        trailers.put(ServeHeaders.REASON, ServeHeaders.REASON_BUSY);
        return Status.RESOURCE_EXHAUSTED
                .withDescription("server busy: " + scheduler.running() + " detections running and "
                        + scheduler.queued() + " waiting (the queue holds " + scheduler.capacity()
                        + "); try again shortly")
                .asException(trailers);
    }

    private static <V> void deliver(Consumer<V> callback, V value) {
        try {
            callback.accept(value);
        } catch (StatusRuntimeException | IllegalStateException e) {
            // The call was cancelled or closed meanwhile (client gone, deadline passed): nothing left to tell.
            log.debug("answer not delivered: {}", e.toString());
        }
    }

    /** The gRPC status a failure is reported as. */
    static StatusException toStatus(Throwable e) {
        if (e instanceof StatusException se) {
            return se;
        }
        if (e instanceof StatusRuntimeException sre) {
            return sre.getStatus().asException(sre.getTrailers());
        }
        if (e instanceof ImageRejectedException || e instanceof IllegalArgumentException) {
            return Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asException();
        }
        if (e instanceof OutOfMemoryError) {
            log.warn("out of memory during a detection", e);
            return Status.RESOURCE_EXHAUSTED.withDescription("the image is too large for the server's memory").asException();
        }
        if (e instanceof IllegalStateException) {
            // A detector refuses calls once closed: the server is shutting down.
            return Status.UNAVAILABLE.withDescription("the model is not available: " + e.getMessage()).asException();
        }
        log.warn("detection failed", e);
        return Status.INTERNAL.withDescription("detection failed: " + e).asException();
    }
}
