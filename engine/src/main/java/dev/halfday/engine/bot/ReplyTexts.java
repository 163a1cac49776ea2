package dev.halfday.engine.bot;

import dev.halfday.engine.detect.Detection;
import dev.halfday.engine.i18n.Language;
import dev.halfday.engine.image.PixelCounts;

import java.util.List;

/** Everything the bot says, in English and Chinese. One line each: chat replies should be short. */
public final class ReplyTexts {

    /** Labels listed in a summary; more are summed up as "…". */
    private static final int MAX_LISTED = 10;

    private ReplyTexts() {
    }

    /** "检测到 2 个物体：猫 92%，人 81%" / "Found 2 objects: cat 92%, person 81%" / "没有发现物体" / "No objects found". */
    public static String summary(List<Detection> detections, Language lang) {
        if (detections.isEmpty()) {
            return lang == Language.ZH ? "没有发现物体" : "No objects found";
        }
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < Math.min(MAX_LISTED, detections.size()); i++) {
            Detection d = detections.get(i);
            if (i > 0) {
                list.append(lang == Language.ZH ? "，" : ", ");
            }
            list.append(d.label(lang)).append(' ').append(Math.round(d.score() * 100)).append('%');
        }
        if (detections.size() > MAX_LISTED) {
            list.append(lang == Language.ZH ? "……" : ", …");
        }
        int n = detections.size();
        return lang == Language.ZH
                ? "检测到 " + n + " 个物体：" + list
                : "Found " + n + (n == 1 ? " object: " : " objects: ") + list;
    }

    public static String tooManyPixels(String reason, long maxPixels, Language lang) {
        String limit = PixelCounts.describe(maxPixels, lang);
        return lang == Language.ZH
                ? "抱歉，这张图片太大了（上限 " + limit + "），请发一张小一点的。"
                : "Sorry, this image is too large for me (" + reason + "). Please send one under " + limit + ".";
    }

    public static String tooManyBytes(long maxBytes, Language lang) {
        String limit = ImageTooBigException.humanBytes(maxBytes);
        return lang == Language.ZH
                ? "抱歉，这张图片超过 " + limit + "，请发一张小一点的。"
                : "Sorry, this image is larger than " + limit + ". Please send a smaller one.";
    }

    public static String badImage(String reason, Language lang) {
        return lang == Language.ZH
                ? "抱歉，我打不开这张图片，请换一张试试。"
                : "Sorry, I could not read that image (" + reason + "). Please try another one.";
    }

    public static String unavailable(Language lang) {
        return lang == Language.ZH
                ? "抱歉，识别服务暂时不可用，请稍后再试。"
                : "Sorry, detection is unavailable right now. Please try again later.";
    }

    public static String help(TriggerMode mode, float threshold, List<String> keywords, Language lang) {
        String pct = Math.round(threshold * 100) + "%";
        if (lang == Language.ZH) {
            String when = switch (mode) {
                case ALL -> "发图片给我，我会标出图中的物体";
                case MENTION -> "先 @我，再发图片，我会标出图中的物体";
                case KEYWORD -> "先说“" + String.join("”或“", keywords) + "”，再发图片，我会标出图中的物体";
            };
            return when + "。命令（@我 或以 / 开头）：帮助、阈值 0.5（当前 " + pct + "）、开、关、语言 英文。";
        }
        String when = switch (mode) {
            case ALL -> "Send me a picture and I will mark the objects in it";
            case MENTION -> "Mention me, then send a picture, and I will mark the objects in it";
            case KEYWORD -> "Say \"" + String.join("\" or \"", keywords) + "\", then send a picture, and I will mark the objects in it";
        };
        return when + ". Commands (mention me or start with /): help, threshold 0.5 (now " + pct + "), on, off, lang zh.";
    }

    public static String thresholdNow(float threshold, Language lang) {
        String pct = Math.round(threshold * 100) + "%";
        return lang == Language.ZH ? "本群的检测阈值是 " + pct + "。" : "The detection threshold for this chat is " + pct + ".";
    }

    public static String thresholdSet(float threshold, Language lang) {
        String pct = Math.round(threshold * 100) + "%";
        return lang == Language.ZH ? "好的，本群的检测阈值改为 " + pct + "。" : "OK, the detection threshold for this chat is now " + pct + ".";
    }

    public static String thresholdInvalid(Language lang) {
        return lang == Language.ZH ? "阈值要在 0 到 1 之间（或 0% 到 100%），例如：阈值 0.5"
                : "The threshold must be between 0 and 1 (or 0% and 100%), e.g. threshold 0.5";
    }

    public static String switchedOn(Language lang) {
        return lang == Language.ZH ? "好的，我在本群开始识别图片。" : "OK, I will look at pictures in this chat again.";
    }

    public static String switchedOff(Language lang) {
        return lang == Language.ZH ? "好的，我在本群暂停识别图片。发送“开”恢复。" : "OK, I will ignore pictures in this chat until someone says \"on\".";
    }

    public static String languageSet(Language lang) {
        return lang == Language.ZH ? "好的，我在本群说中文。" : "OK, I will answer in English in this chat.";
    }
}
