package dev.halfday.engine.bot;

import dev.halfday.engine.i18n.Language;

import java.util.Locale;

/**
 * A text command to the bot: help, threshold [value], on, off, lang en|zh — in English or Chinese,
 * optionally starting with "/".
 *
 * @param type      which command
 * @param threshold the new threshold for THRESHOLD, or null to ask for the current one; NaN if unreadable
 * @param language  the new language for LANGUAGE
 */
public record TextCommand(Type type, Float threshold, Language language) {

    public enum Type {
        HELP,
        THRESHOLD,
        ON,
        OFF,
        LANGUAGE
    }

    /** The command in a text, or null if it is not one. */
    public static TextCommand parse(String text) {
        String t = text.trim();
        if (t.startsWith("/")) {
            t = t.substring(1).trim();
        }
        String[] words = t.split("\\s+", 2);
        String head = words[0].toLowerCase(Locale.ROOT);
        String arg = words.length > 1 ? words[1].trim() : "";
        switch (head) {
            case "help", "帮助", "?", "？" -> {
                return arg.isEmpty() ? new TextCommand(Type.HELP, null, null) : null;
            }
            case "on", "开", "开启", "打开" -> {
                return arg.isEmpty() ? new TextCommand(Type.ON, null, null) : null;
            }
            case "off", "关", "关闭", "暂停" -> {
                return arg.isEmpty() ? new TextCommand(Type.OFF, null, null) : null;
            }
            case "threshold", "阈值" -> {
                return new TextCommand(Type.THRESHOLD, arg.isEmpty() ? null : parseThreshold(arg), null);
            }
            case "lang", "language", "语言" -> {
                String a = arg.toLowerCase(Locale.ROOT);
                if (a.equals("en") || a.equals("english") || a.equals("英文") || a.equals("英语")) {
                    return new TextCommand(Type.LANGUAGE, null, Language.EN);
                }
                if (a.equals("zh") || a.equals("chinese") || a.equals("中文")) {
                    return new TextCommand(Type.LANGUAGE, null, Language.ZH);
                }
                return null;
            }
            default -> {
                return null;
            }
        }
    }

    /** "0.5", "50", "50%" → 0.5; anything else → NaN. */
    private static Float parseThreshold(String s) {
        try {
            boolean pct = s.endsWith("%");
            float v = Float.parseFloat(pct ? s.substring(0, s.length() - 1).trim() : s);
            if (pct || v > 1f) {
                v /= 100f;
            }
            return v >= 0f && v <= 1f ? v : Float.NaN;
        } catch (NumberFormatException e) {
            return Float.NaN;
        }
    }
}
