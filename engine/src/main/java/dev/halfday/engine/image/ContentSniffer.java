package dev.halfday.engine.image;

import java.nio.charset.StandardCharsets;

/** Says in plain words what a file that no image reader accepts seems to be. */
final class ContentSniffer {

    private ContentSniffer() {
    }

    static String describeUnreadable(byte[] bytes) {
        if (startsWith(bytes, 0, "RIFF") && startsWith(bytes, 8, "WEBP")) {
            return "unsupported image format: WebP (convert it to PNG or JPEG)";
        }
        if (startsWith(bytes, 4, "ftypheic") || startsWith(bytes, 4, "ftypheix") || startsWith(bytes, 4, "ftypmif1")
                || startsWith(bytes, 4, "ftypavif")) {
            return "unsupported image format: HEIF/AVIF (convert it to PNG or JPEG)";
        }
        if (startsWith(bytes, 0, "%PDF")) {
            return "not an image: the file is a PDF document";
        }
        if (startsWith(bytes, 0, "PK\u0003\u0004")) {
            return "not an image: the file is a ZIP archive";
        }
        if (looksLikeText(bytes)) {
            return "not an image: the file contains text, not picture data";
        }
        return "not an image: the content is not a PNG, JPEG, GIF, BMP or TIFF picture";
    }

    static boolean isKnownButUnsupported(byte[] bytes) {
        return describeUnreadable(bytes).startsWith("unsupported");
    }

    /** Valid UTF-8 without control characters (a cut multi-byte character at the 4 KB mark is forgiven). */
    private static boolean looksLikeText(byte[] bytes) {
        String head = new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.UTF_8);
        long bad = head.chars()
                .filter(c -> c == 0xFFFD || (c < 0x20 && c != '\n' && c != '\r' && c != '\t'))
                .count();
        return bad <= 1;
    }

    private static boolean startsWith(byte[] bytes, int offset, String ascii) {
        if (bytes.length < offset + ascii.length()) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (bytes[offset + i] != (byte) ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
