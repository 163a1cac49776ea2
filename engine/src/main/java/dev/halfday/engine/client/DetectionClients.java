package dev.halfday.engine.client;

import dev.halfday.engine.detect.Detector;
import dev.halfday.engine.detect.Detectors;

/**
 * The one place where a backend spec ({@code local}, {@code host:port}, {@code tfs:host:port/model}; see
 * {@link BackendSpec}) becomes a {@link DetectionClient}: the CLI's {@code --backend}, the app's settings and the
 * bot all come through here. Remote clients connect lazily: creating one never fails for an unreachable address;
 * {@code detect} does, with a clear {@link DetectionException}.
 */
public final class DetectionClients {

    /** Loads a detector for the local backend (lazily: only when "local" is chosen). */
    @FunctionalInterface
    public interface DetectorLoader {
        Detector load() throws Exception;
    }

    private DetectionClients() {
    }

    /** A client for a spec; {@code local} loads the bundled model; remote ones use {@link RemoteOptions#fromEnvironment()}. */
    public static DetectionClient fromSpec(String spec) throws DetectionException {
        return fromSpec(spec, Detectors::loadDefault, true);
    }

    /**
     * A client for a spec.
     *
     * @param localDetector     supplies the detector when the spec is {@code local} (the app shares its loaded one)
     * @param ownsLocalDetector close that detector with the client
     */
    public static DetectionClient fromSpec(String spec, DetectorLoader localDetector, boolean ownsLocalDetector)
            throws DetectionException {
        return fromSpec(spec, localDetector, ownsLocalDetector, RemoteOptions.fromEnvironment());
    }

    public static DetectionClient fromSpec(String spec, DetectorLoader localDetector, boolean ownsLocalDetector,
                                           RemoteOptions options) throws DetectionException {
        BackendSpec parsed;
        try {
            parsed = BackendSpec.parse(spec);
        } catch (IllegalArgumentException e) {
            throw new DetectionException(DetectionException.Kind.INTERNAL, e.getMessage(), e);
        }
        return create(parsed, localDetector, ownsLocalDetector, options);
    }

    /** A client for a parsed spec; {@code local} loads the bundled model (owned by the client). */
    public static DetectionClient create(BackendSpec spec, RemoteOptions options) throws DetectionException {
        return create(spec, Detectors::loadDefault, true, options);
    }

    private static DetectionClient create(BackendSpec spec, DetectorLoader localDetector, boolean ownsLocalDetector,
                                          RemoteOptions options) throws DetectionException {
        if (spec instanceof BackendSpec.Halfday h) {
            return new RemoteDetectionClient(h.host(), h.port(), options);
        }
        if (spec instanceof BackendSpec.TfServing t) {
            return new TfServingDetectionClient(t.host(), t.port(), t.model(), t.signature(), options);
        }
        try {
            return new LocalDetectionClient(localDetector.load(), ownsLocalDetector);
        } catch (Exception e) {
            throw new DetectionException(DetectionException.Kind.UNAVAILABLE,
                    "could not load the local detector: " + e.getMessage(), e);
        }
    }
}
