package dev.halfday.engine.client;

import dev.halfday.engine.detect.Detectors;

import java.io.IOException;

/** Makes the {@link DetectionClient} a backend spec names (see {@link BackendSpec}): the CLI's {@code --backend}. */
public final class DetectionClients {

    private DetectionClients() {
    }

    /**
     * A client for {@code local}, {@code host:port} or {@code tfs:host:port/model}; remote backends get the default
     * timeouts and retries and the token from {@value RemoteOptions#TOKEN_ENV}.
     *
     * @throws IllegalArgumentException a malformed spec, with the accepted forms
     * @throws IOException              the local model cannot be loaded
     */
    public static DetectionClient fromSpec(String spec) throws IOException {
        return fromSpec(spec, RemoteOptions.fromEnvironment());
    }

    public static DetectionClient fromSpec(String spec, RemoteOptions options) throws IOException {
        return create(BackendSpec.parse(spec), options);
    }

    /** Remote clients connect lazily: creating one never fails for an unreachable address; detect() does. */
    public static DetectionClient create(BackendSpec spec, RemoteOptions options) throws IOException {
        if (spec instanceof BackendSpec.Halfday h) {
            return new RemoteDetectionClient(h.host(), h.port(), options);
        }
        if (spec instanceof BackendSpec.TfServing t) {
            return new TfServingDetectionClient(t.host(), t.port(), t.model(), t.signature(), options);
        }
        return new LocalDetectionClient(Detectors.loadDefault(), true);
    }
}
