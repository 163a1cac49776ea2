package dev.halfday.engine.bot.wechat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.halfday.engine.bot.ImageTooBigException;

import java.io.IOException;
import java.io.InputStream;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * HTTP for the web protocol: one cookie jar per session, a desktop browser User-Agent, no redirects followed
 * (the login page may answer 301 with the body we need), and every failure turned into an IOException whose
 * message names the host and what went wrong.
 */
final class WeChatHttp {

    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The largest JSON or text reply read: real ones are kilobytes (a full contact page a few hundred). A server
     * that sends more is broken or hostile, and is refused before it can fill the memory.
     */
    static final int MAX_REPLY_BYTES = 8 * 1024 * 1024;

    private final WebWeChatConfig config;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient client;

    WeChatHttp(WebWeChatConfig config) {
        this.config = config;
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .cookieHandler(cookies)
                .build();
    }

    CookieManager cookies() {
        return cookies;
    }

    /** The value of a cookie by name, from any host, or null. */
    String cookie(String name) {
        for (HttpCookie c : cookies.getCookieStore().getCookies()) {
            if (c.getName().equals(name)) {
                return c.getValue();
            }
        }
        return null;
    }

    /** GET returning the body as text; 2xx only, unless {@code acceptRedirect} (then 3xx bodies count too). */
    String getText(URI uri, Duration timeout, Map<String, String> headers, boolean acceptRedirect)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = request(uri, timeout, headers).GET();
        HttpResponse<InputStream> r = send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            int s = r.statusCode();
            if ((s >= 200 && s < 300) || (acceptRedirect && s >= 300 && s < 400)) {
                return new String(readCapped(uri, r, in), StandardCharsets.UTF_8);
            }
            throw statusError(uri, s);
        }
    }

    /** POST a JSON body (raw UTF-8, not \\u-escaped), parse the JSON answer. */
    JsonNode postJson(URI uri, Object body, Duration timeout) throws IOException, InterruptedException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        HttpRequest req = request(uri, timeout, Map.of("Content-Type", "application/json;charset=UTF-8"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        return parseJson(uri, send(req, HttpResponse.BodyHandlers.ofInputStream()));
    }

    /** GET, parse the JSON answer. */
    JsonNode getJson(URI uri, Duration timeout) throws IOException, InterruptedException {
        HttpRequest req = request(uri, timeout, Map.of()).GET().build();
        return parseJson(uri, send(req, HttpResponse.BodyHandlers.ofInputStream()));
    }

    /** POST a multipart form, parse the JSON answer. */
    JsonNode postMultipart(URI uri, Multipart form, Duration timeout) throws IOException, InterruptedException {
        HttpRequest req = request(uri, timeout, Map.of("Content-Type", form.contentType()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.toBytes())).build();
        return parseJson(uri, send(req, HttpResponse.BodyHandlers.ofInputStream()));
    }

    /**
     * GET binary content, reading at most {@code maxBytes}: a larger body is refused with
     * {@link ImageTooBigException} while streaming, whatever Content-Length claimed.
     */
    byte[] getBytes(URI uri, Duration timeout, long maxBytes) throws IOException, InterruptedException {
        HttpRequest req = request(uri, timeout, Map.of()).GET().build();
        HttpResponse<InputStream> r = send(req, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            if (r.statusCode() < 200 || r.statusCode() >= 300) {
                throw statusError(uri, r.statusCode());
            }
            byte[] out = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (out.length > maxBytes) {
                throw new ImageTooBigException(maxBytes);
            }
            return out;
        }
    }

    private HttpRequest.Builder request(URI uri, Duration timeout, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("User-Agent", config.userAgent())
                .header("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8");
        headers.forEach(b::header);
        return b;
    }

    private <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        try {
            return client.send(req, handler);
        } catch (HttpConnectTimeoutException e) {
            throw new IOException("cannot reach " + hostOf(req.uri()) + ": the connection timed out", e);
        } catch (HttpTimeoutException e) {
            throw new IOException("no answer from " + hostOf(req.uri()) + " within "
                    + req.timeout().map(Duration::toSeconds).orElse(0L) + " s", e);
        } catch (java.net.ConnectException e) {
            throw new IOException("cannot reach " + hostOf(req.uri()) + ": connection refused", e);
        } catch (IOException e) {
            throw new IOException("network problem talking to " + hostOf(req.uri()) + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
    }

    /**
     * The body, at most {@link #MAX_REPLY_BYTES}: refused at once when Content-Length says more, else counted while
     * reading (Content-Length may lie or be absent).
     */
    private static byte[] readCapped(URI uri, HttpResponse<InputStream> r, InputStream in) throws IOException {
        long declared = r.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (declared > MAX_REPLY_BYTES) {
            throw tooLarge(uri);
        }
        byte[] body = in.readNBytes(MAX_REPLY_BYTES + 1);
        if (body.length > MAX_REPLY_BYTES) {
            throw tooLarge(uri);
        }
        return body;
    }

    private static WeChatHttpException tooLarge(URI uri) {
        return new WeChatHttpException(0, hostOf(uri) + uri.getPath() + " sent a reply larger than "
                + (MAX_REPLY_BYTES >> 20) + " MiB; refused (real replies are a few kilobytes)");
    }

    private static JsonNode parseJson(URI uri, HttpResponse<InputStream> r) throws IOException {
        byte[] body;
        try (InputStream in = r.body()) {
            if (r.statusCode() < 200 || r.statusCode() >= 300) {
                throw statusError(uri, r.statusCode());
            }
            body = readCapped(uri, r, in);
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new WeChatHttpException(0, hostOf(uri) + " sent a reply that is not a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new WeChatHttpException(0, hostOf(uri) + " sent malformed JSON (" + firstLine(e.getOriginalMessage()) + ")");
        }
    }

    static WeChatHttpException statusError(URI uri, int status) {
        String what = status >= 500 ? "a server error" : status == 404 ? "not found" : status >= 400 ? "a refusal" : "an unexpected status";
        return new WeChatHttpException(status, hostOf(uri) + uri.getPath() + " answered HTTP " + status + " (" + what + ")");
    }

    static String hostOf(URI uri) {
        return uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Snapshot of all cookies with the URI each was set for, for the session file. */
    List<SessionFile.SavedCookie> saveCookies() {
        List<SessionFile.SavedCookie> out = new ArrayList<>();
        var store = cookies.getCookieStore();
        for (URI uri : store.getURIs()) {
            for (HttpCookie c : store.get(uri)) {
                SessionFile.SavedCookie saved = SessionFile.SavedCookie.of(uri, c);
                if (!out.contains(saved)) {
                    out.add(saved);
                }
            }
        }
        for (HttpCookie c : store.getCookies()) {
            if (c.getDomain() != null) {
                SessionFile.SavedCookie saved = SessionFile.SavedCookie.of(null, c);
                if (out.stream().noneMatch(s -> s.name().equals(saved.name()) && java.util.Objects.equals(s.domain(), saved.domain()))) {
                    out.add(saved);
                }
            }
        }
        return out;
    }

    void restoreCookies(List<SessionFile.SavedCookie> saved) {
        for (SessionFile.SavedCookie s : saved) {
            cookies.getCookieStore().add(s.uri() == null ? null : URI.create(s.uri()), s.toHttpCookie());
        }
    }
}
