package dev.halfday.engine.bot.wechat.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Parses a multipart/form-data body (the simulator's side of webwxuploadmedia). */
final class MultipartParser {

    record Part(String name, String fileName, String contentType, byte[] data) {
        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    private MultipartParser() {
    }

    static List<Part> parse(String contentType, byte[] body) throws IOException {
        String boundary = null;
        for (String p : contentType.split(";")) {
            String t = p.trim();
            if (t.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                boundary = t.substring("boundary=".length()).replace("\"", "");
            }
        }
        if (boundary == null) {
            throw new IOException("multipart body without a boundary");
        }
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<Part> parts = new ArrayList<>();
        int pos = indexOf(body, delimiter, 0);
        if (pos < 0) {
            throw new IOException("multipart body without its first boundary");
        }
        while (true) {
            int lineStart = pos + delimiter.length;
            if (lineStart + 1 < body.length && body[lineStart] == '-' && body[lineStart + 1] == '-') {
                return parts;
            }
            int headersStart = lineStart + 2;
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headersStart);
            if (headersEnd < 0) {
                throw new IOException("multipart part without a header end");
            }
            String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
            int dataStart = headersEnd + 4;
            int next = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1), dataStart);
            if (next < 0) {
                throw new IOException("multipart part without a closing boundary");
            }
            byte[] data = java.util.Arrays.copyOfRange(body, dataStart, next);
            String name = null;
            String fileName = null;
            String type = null;
            for (String h : headers.split("\r\n")) {
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-disposition:")) {
                    name = attribute(h, "name");
                    fileName = attribute(h, "filename");
                } else if (lower.startsWith("content-type:")) {
                    type = h.substring(h.indexOf(':') + 1).trim();
                }
            }
            parts.add(new Part(name, fileName, type, data));
            pos = next + 2;
        }
    }

    private static String attribute(String header, String attr) {
        String key = " " + attr + "=\"";
        int i = header.indexOf(key);
        if (i < 0) {
            key = ";" + attr + "=\"";
            i = header.indexOf(key);
        }
        if (i < 0) {
            return null;
        }
        int start = i + key.length();
        int end = header.indexOf('"', start);
        return end < 0 ? null : header.substring(start, end);
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
