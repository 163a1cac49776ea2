package dev.halfday.engine.i18n;

import java.util.Locale;

/** The two languages Halfday speaks: labels, summaries and UI strings. */
public enum Language {
    EN("en"),
    ZH("zh");

    private final String code;

    Language(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** Chinese for any zh locale, English otherwise. */
    public static Language of(Locale locale) {
        return "zh".equals(locale.getLanguage()) ? ZH : EN;
    }

    /** Parses "en"/"zh" (case-insensitive); throws with the accepted values otherwise. */
    public static Language parse(String text) {
        for (Language l : values()) {
            if (l.code.equalsIgnoreCase(text.trim())) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown language '" + text + "' (use en or zh)");
    }
}
