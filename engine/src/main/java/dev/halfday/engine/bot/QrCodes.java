package dev.halfday.engine.bot;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

import java.util.Map;

/**
 * Turns a login URL into QR modules, drawn by the CLI (Unicode half blocks) and the app (a large image).
 * Drawing from the URL locally avoids downloading the server's QR picture.
 */
public final class QrCodes {

    private QrCodes() {
    }

    /**
     * Modules of the QR code for {@code content}, {@code [y][x]}, true = dark, including a quiet zone of
     * {@code quietZone} modules on each side.
     */
    public static boolean[][] modules(String content, int quietZone) {
        try {
            BitMatrix m = new QRCodeWriter().encode(content, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 0,
                            EncodeHintType.CHARACTER_SET, "UTF-8"));
            int n = m.getWidth();
            boolean[][] out = new boolean[n + 2 * quietZone][n + 2 * quietZone];
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    out[y + quietZone][x + quietZone] = m.get(x, y);
                }
            }
            return out;
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot encode this text as a QR code: " + e.getMessage(), e);
        }
    }

    /**
     * The QR code as text for a terminal: two module rows per line with the half-block characters. Light
     * modules are drawn as blocks (the code is printed inverted) so it scans on dark terminals, the usual case.
     */
    public static String toTerminal(String content) {
        boolean[][] m = modules(content, 2);
        StringBuilder sb = new StringBuilder();
        for (int y = 0; y < m.length; y += 2) {
            for (int x = 0; x < m[y].length; x++) {
                boolean top = !m[y][x];
                boolean bottom = y + 1 < m.length ? !m[y + 1][x] : false;
                sb.append(top ? (bottom ? '\u2588' : '\u2580') : (bottom ? '\u2584' : ' '));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
