package dev.halfday.engine.bot.wecom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Downloads the encrypted image a WeCom message points to and decrypts it. The URL, its size and any file
 * name the server sends are not trusted: only http(s) URLs are fetched, the body is read up to a cap and the
 * download abandoned beyond it (whatever Content-Length claims), and names are ignored.
 */
public final class WeComMediaDownloader {

    private final HttpClient http;
    private final Duration timeout;

    public WeComMediaDownloader(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /**
     * @param maxBytes the largest decrypted image accepted; the encrypted download may be up to one padding
     *                 block longer
     */
    public byte[] fetch(String url, String aesKey, long maxBytes) throws IOException {
        WeComMediaCipher.decodeKey(aesKey); // fail on a bad key before downloading anything
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IOException("the message's image address is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IOException("the message's image address is not an http(s) URL");
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("image download interrupted", e);
        }
        long limit = maxBytes + WeComMediaCipher.PAD_BLOCK;
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("the image download failed: HTTP " + response.statusCode()
                        + " (WeCom image links expire after about five minutes)");
            }
            byte[] encrypted = readCapped(body, limit, maxBytes);
            byte[] plain = WeComMediaCipher.decrypt(encrypted, aesKey);
            if (plain.length > maxBytes) {
                throw tooLarge(maxBytes);
            }
            return plain;
        }
    }

    private static byte[] readCapped(InputStream in, long limit, long maxBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buf)) >= 0) {
            total += n;
            if (total > limit) {
                throw tooLarge(maxBytes);
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static IOException tooLarge(long maxBytes) {
        return new IOException("the image is larger than " + (maxBytes / 1024) + " KiB, so it was not downloaded");
    }
}
