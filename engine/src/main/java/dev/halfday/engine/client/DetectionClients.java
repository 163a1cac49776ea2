package dev.halfday.engine.client;

import dev.halfday.engine.detect.Detector;
import dev.halfday.engine.detect.Detectors;

import java.util.Locale;

/**
 * The one place where a backend spec ({@code local}, {@code host:port}, {@code tfs:host:port/model}) becomes a
 * {@link DetectionClient}: the CLI's {@code --backend}, the app's settings and the bot all come through here.
 * The remote backends are wired in by the detection-service work.
 */
public final class DetectionClients {

    /** Loads a detector for the local backend (lazily: only when "local" is chosen). */
    @FunctionalInterface
    public interface DetectorLoader {
        Detector load() throws Exception;
    }

    private DetectionClients() {
    }

    /** A client for a spec; {@code local} loads the bundled model. */
    public static DetectionClient fromSpec(String spec) throws DetectionException {
        return fromSpec(spec, DetectionClients::loadDefaultDetector, true);
    }

    /**
     * A client for a spec.
     *
     * @param localDetector     supplies the detector when the spec is {@code local} (the app shares its loaded one)
     * @param ownsLocalDetector close that detector with the client
     */
    public static DetectionClient fromSpec(String spec, DetectorLoader localDetector, boolean ownsLocalDetector)
            throws DetectionException {
        String s = spec == null ? "" : spec.trim();
        if (s.equalsIgnoreCase("local")) {
            try {
                return new LocalDetectionClient(localDetector.load(), ownsLocalDetector);
            } catch (DetectionException e) {
                throw e;
            } catch (Exception e) {
                throw new DetectionException(DetectionException.Kind.UNAVAILABLE,
                        "could not load the local detector: " + e.getMessage(), e);
            }
        }
        boolean looksRemote = s.toLowerCase(Locale.ROOT).startsWith("tfs:") || s.matches("\\[?[A-Za-z0-9.:\\-]+\\]?:\\d{1,5}");
        if (!looksRemote) {
            throw new DetectionException(DetectionException.Kind.INTERNAL, "unknown detection backend '" + spec
                    + "': use local, host:port (a Halfday server) or tfs:host:port/model (TensorFlow Serving)");
        }
        throw new DetectionException(DetectionException.Kind.UNAVAILABLE, "the detection backend '" + s
                + "' is not available in this build yet (remote backends come with the detection service); use local");
    }

    private static Detector loadDefaultDetector() throws java.io.IOException {
        return Detectors.loadDefault();
    }
}
