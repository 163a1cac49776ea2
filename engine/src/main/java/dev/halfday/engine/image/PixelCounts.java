package dev.halfday.engine.image;

import dev.halfday.engine.i18n.Language;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * Pixel counts and limits in words: "40 megapixels", "2.5 megapixels", "10,000 pixels" — never "0.0 megapixels"
 * for a small limit.
 */
public final class PixelCounts {

    private static final long MEGA = 1_000_000L;

    private PixelCounts() {
    }

    /** In English. */
    public static String describe(long pixels) {
        return describe(pixels, Language.EN);
    }

    /**
     * Below a megapixel, the exact count with thousands separators; from one megapixel up, megapixels, exact when
     * two decimals say it all, else to three significant digits.
     */
    public static String describe(long pixels, Language lang) {
        if (pixels < MEGA) {
            String n = String.format(Locale.ROOT, "%,d", pixels);
            return lang == Language.ZH ? n + " 像素" : n + (pixels == 1 ? " pixel" : " pixels");
        }
        BigDecimal mp = BigDecimal.valueOf(pixels).movePointLeft(6);
        if (mp.stripTrailingZeros().scale() > 2) {
            mp = mp.round(new MathContext(3));
        }
        String n = mp.stripTrailingZeros().toPlainString();
        return lang == Language.ZH ? n + " 百万像素" : n + (n.equals("1") ? " megapixel" : " megapixels");
    }
}
