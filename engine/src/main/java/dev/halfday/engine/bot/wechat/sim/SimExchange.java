package dev.halfday.engine.bot.wechat.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One request to the simulator, with the small helpers every endpoint needs. */
final class SimExchange {

    static final ObjectMapper JSON = new ObjectMapper();
    /** The simulator refuses bodies larger than this (real WeChat caps uploads far lower per chunk). */
    private static final int MAX_BODY = 8 * 1024 * 1024;

    final HttpExchange http;
    final String endpoint;
    private final Map<String, String> query;
    private byte[] body;

    SimExchange(HttpExchange http, String endpoint) {
        this.http = http;
        this.endpoint = endpoint;
        this.query = parseQuery(http.getRequestURI().getRawQuery());
    }

    String param(String name) {
        return query.get(name);
    }

    String param(String name, String fallback) {
        return query.getOrDefault(name, fallback);
    }

    String header(String name) {
        return http.getRequestHeaders().getFirst(name);
    }

    String cookie(String name) {
        List<String> all = http.getRequestHeaders().get("Cookie");
        if (all == null) {
            return null;
        }
        for (String line : all) {
            for (String pair : line.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
                    return pair.substring(eq + 1).trim();
                }
            }
        }
        return null;
    }

    byte[] body() throws IOException {
        if (body == null) {
            try (InputStream in = http.getRequestBody()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
            if (body.length > MAX_BODY) {
                throw new IOException("request body over " + MAX_BODY + " bytes");
            }
        }
        return body;
    }

    JsonNode jsonBody() throws IOException {
        return JSON.readTree(body());
    }

    void setCookie(String name, String value) {
        http.getResponseHeaders().add("Set-Cookie", name + "=" + value + "; Path=/; HttpOnly");
    }

    void text(int status, String contentType, String text) throws IOException {
        bytes(status, contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    void json(Object value) throws IOException {
        bytes(200, "text/plain; charset=UTF-8", JSON.writeValueAsBytes(value));
    }

    /** Sent chunked, without a Content-Length: the client learns the size only by reading. */
    void chunked(int status, String contentType, byte[] data) throws IOException {
        http.getResponseHeaders().set("Content-Type", contentType);
        http.sendResponseHeaders(status, 0);
        try (OutputStream out = http.getResponseBody()) {
            out.write(data);
        } catch (IOException e) {
            // The client hung up once it had read enough to refuse the reply: that is the point.
        }
        http.close();
    }

    void bytes(int status, String contentType, byte[] data) throws IOException {
        if (contentType != null) {
            http.getResponseHeaders().set("Content-Type", contentType);
        }
        http.sendResponseHeaders(status, data.length == 0 ? -1 : data.length);
        if (data.length > 0) {
            try (OutputStream out = http.getResponseBody()) {
                out.write(data);
            }
        }
        http.close();
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }
}
