package dev.halfday.engine.client;

import dev.halfday.engine.serve.OdApiSignature;

import java.util.Locale;

/**
 * Where detections come from, as one line of text: the CLI's {@code --backend} value and what the app remembers.
 * <ul>
 *   <li>{@code local} — the engine in this process;</li>
 *   <li>{@code host:port} — a Halfday server ({@code halfday.v1.Detection/Detect}); port 50051 when omitted;</li>
 *   <li>{@code tfs:host:port/model} — TensorFlow Serving's {@code Predict} with that model name and the
 *       {@code serving_default} signature (or {@code tfs:host:port/model/signature}); port 8500 when omitted.</li>
 * </ul>
 * IPv6 addresses go in brackets: {@code [::1]:50051}.
 */
public sealed interface BackendSpec {

    int DEFAULT_HALFDAY_PORT = 50051;
    /** TensorFlow Serving's default gRPC port. */
    int DEFAULT_TF_SERVING_PORT = 8500;

    /** The engine in this process. */
    record Local() implements BackendSpec {
        @Override
        public String toString() {
            return "local";
        }
    }

    /** A Halfday detection server. */
    record Halfday(String host, int port) implements BackendSpec {
        public Halfday {
            checkPort(port);
        }

        @Override
        public String toString() {
            return hostPort(host, port);
        }
    }

    /** A TensorFlow Serving endpoint serving an Object Detection API model. */
    record TfServing(String host, int port, String model, String signature) implements BackendSpec {
        public TfServing {
            checkPort(port);
            if (model.isBlank() || model.contains("/")) {
                throw new IllegalArgumentException("bad TF Serving model name '" + model + "'");
            }
        }

        @Override
        public String toString() {
            return "tfs:" + hostPort(host, port) + "/" + model
                    + (OdApiSignature.DEFAULT_SIGNATURE.equals(signature) ? "" : "/" + signature);
        }
    }

    /**
     * Parses a backend spec.
     *
     * @throws IllegalArgumentException with the accepted forms, for a malformed spec
     */
    static BackendSpec parse(String spec) {
        String s = spec == null ? "" : spec.trim();
        if (s.equalsIgnoreCase("local")) {
            return new Local();
        }
        try {
            if (s.toLowerCase(Locale.ROOT).startsWith("tfs:")) {
                String rest = s.substring(4);
                int slash = rest.indexOf('/');
                if (slash < 0) {
                    throw new IllegalArgumentException("no model name");
                }
                String[] path = rest.substring(slash + 1).split("/", -1);
                if (path.length > 2 || path[0].isBlank() || path.length == 2 && path[1].isBlank()) {
                    throw new IllegalArgumentException("expected /model or /model/signature after the address");
                }
                HostPort hp = HostPort.parse(rest.substring(0, slash), DEFAULT_TF_SERVING_PORT);
                return new TfServing(hp.host, hp.port, path[0],
                        path.length == 2 ? path[1] : OdApiSignature.DEFAULT_SIGNATURE);
            }
            String address = s.toLowerCase(Locale.ROOT).startsWith("halfday:") ? s.substring(8) : s;
            HostPort hp = HostPort.parse(address, DEFAULT_HALFDAY_PORT);
            return new Halfday(hp.host, hp.port);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad backend '" + spec + "' (" + e.getMessage()
                    + "); use local, host:port or tfs:host:port/model", e);
        }
    }

    private static void checkPort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, got " + port);
        }
    }

    private static String hostPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** "host", "host:port", "[v6]" or "[v6]:port". */
    record HostPort(String host, int port) {
        static HostPort parse(String text, int defaultPort) {
            String host;
            String port = null;
            if (text.startsWith("[")) {
                int end = text.indexOf(']');
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed [ in the address");
                }
                host = text.substring(1, end);
                String after = text.substring(end + 1);
                if (!after.isEmpty()) {
                    if (!after.startsWith(":")) {
                        throw new IllegalArgumentException("expected :port after ]");
                    }
                    port = after.substring(1);
                }
            } else {
                int colon = text.lastIndexOf(':');
                if (colon >= 0 && text.indexOf(':') != colon) {
                    throw new IllegalArgumentException("put IPv6 addresses in brackets: [::1]:50051");
                }
                host = colon < 0 ? text : text.substring(0, colon);
                port = colon < 0 ? null : text.substring(colon + 1);
            }
            if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("no host");
            }
            int p;
            try {
                p = port == null ? defaultPort : Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("port '" + port + "' is not a number");
            }
            return new HostPort(host, p);
        }
    }
}
