package dev.halfday.app.testing;

import javafx.application.Platform;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Reading UI state on the FX thread and waiting for it, for TestFX tests. */
public final class FxTesting {

    /** Generous: the machine running the tests may be busy; a passing run returns as soon as the condition holds. */
    public static final Duration PATIENCE = Duration.ofSeconds(90);

    private FxTesting() {
    }

    /** Evaluates on the FX thread and returns the value (at once when called on it, e.g. inside a condition). */
    public static <T> T fx(Callable<T> callable) {
        if (Platform.isFxApplicationThread()) {
            try {
                return callable.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(callable.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the condition, evaluated on the FX thread, holds. */
    public static void waitUntil(String what, Callable<Boolean> condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            if (Boolean.TRUE.equals(fx(condition))) {
                WaitForAsyncUtils.waitForFxEvents();
                return;
            }
            WaitForAsyncUtils.sleep(50, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError("timed out after " + PATIENCE.toSeconds() + " s waiting for: " + what);
    }
}
