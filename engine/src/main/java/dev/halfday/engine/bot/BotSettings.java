package dev.halfday.engine.bot;

import dev.halfday.engine.detect.DetectOptions;
import dev.halfday.engine.i18n.Language;
import dev.halfday.engine.image.ImageDecoder;

import java.time.Duration;
import java.util.List;

/**
 * How the bot behaves. Immutable; {@link Bot#updateSettings} swaps in a new one while it runs.
 *
 * @param groups        which groups it serves
 * @param privateChats  also answer images sent to it privately
 * @param mode          when an image is answered
 * @param triggerWindow how long a mention or keyword keeps the sender's next images eligible
 * @param keywords      words that trigger in keyword mode (case-insensitive)
 * @param threshold     default detection threshold (each group can change its own with a command)
 * @param language      default reply language (each group can change its own)
 * @param humanDelay    wait a random while before replying, like a person would (advised against bans)
 * @param delayMin      shortest such wait, counted from the message's arrival
 * @param delayMax      longest such wait
 * @param perGroupPerMinute most images answered per group per minute (0: no limit)
 * @param queueCapacity most messages waiting or in work at once; more are dropped and counted
 * @param workers       images worked on in parallel (order within a group is kept regardless)
 * @param maxImageBytes images larger than this are refused while downloading
 * @param maxPixels     images with more pixels than this are refused politely
 */
public record BotSettings(GroupSelection groups, boolean privateChats, TriggerMode mode, Duration triggerWindow,
                          List<String> keywords, float threshold, Language language, boolean humanDelay,
                          Duration delayMin, Duration delayMax, int perGroupPerMinute, int queueCapacity, int workers,
                          long maxImageBytes, long maxPixels) {

    public BotSettings {
        keywords = List.copyOf(keywords);
        if (!(threshold >= 0f && threshold <= 1f)) {
            throw new IllegalArgumentException("threshold must be between 0 and 1, got " + threshold);
        }
        if (delayMax.compareTo(delayMin) < 0) {
            throw new IllegalArgumentException("delayMax must not be below delayMin");
        }
        if (queueCapacity < 1 || workers < 1) {
            throw new IllegalArgumentException("queueCapacity and workers must be at least 1");
        }
    }

    public static BotSettings defaults() {
        return new BotSettings(GroupSelection.allGroups(), false, TriggerMode.ALL, Duration.ofSeconds(60),
                List.of("detect", "识别", "看看"), DetectOptions.DEFAULT_THRESHOLD, Language.ZH, true,
                Duration.ofSeconds(2), Duration.ofSeconds(5), 20, 200, 2, 20L * 1024 * 1024,
                ImageDecoder.DEFAULT_MAX_PIXELS);
    }

    public BotSettings withGroups(GroupSelection v) {
        return new BotSettings(v, privateChats, mode, triggerWindow, keywords, threshold, language, humanDelay, delayMin,
                delayMax, perGroupPerMinute, queueCapacity, workers, maxImageBytes, maxPixels);
    }

    public BotSettings withPrivateChats(boolean v) {
        return new BotSettings(groups, v, mode, triggerWindow, keywords, threshold, language, humanDelay, delayMin,
                delayMax, perGroupPerMinute, queueCapacity, workers, maxImageBytes, maxPixels);
    }

    public BotSettings withMode(TriggerMode v) {
        return new BotSettings(groups, privateChats, v, triggerWindow, keywords, threshold, language, humanDelay, delayMin,
                delayMax, perGroupPerMinute, queueCapacity, workers, maxImageBytes, maxPixels);
    }

    public BotSettings withTriggerWindow(Duration v) {
        return new BotSettings(groups, privateChats, mode, v, keywords, threshold, language, humanDelay, delayMin,
                delayMax, perGroupPerMinute, queueCapacity, workers, maxImageBytes, maxPixels);
    }

    public BotSettings withKeywords(List<String> v) {
        return new BotSettings(groups, privateChats, mode, triggerWindow, v, threshold, language, humanDelay, delayMin,
                delayMax, perGroupPerMinute, queueCapacity, workers, maxImageBytes, maxPixels);
    }

    public BotSettings withThreshold(float v) {
        return new BotSettings(groups, privateChats, mode, triggerWindow, keywords, v, language, humanDelay, delayMin,
                delayMax, perGroupPerMinute, queueCapacity, workers, maxImageBytes, maxPixels);
    }

    public BotSettings withLanguage(Language v) {
        return new BotSettings(groups, privateChats, mode, triggerWindow, keywords, threshold, v, humanDelay, delayMin,
                delayMax, perGroupPerMinute, queueCapacity, workers, maxImageBytes, maxPixels);
    }

    public BotSettings withHumanDelay(boolean on) {
        return new BotSettings(groups, privateChats, mode, triggerWindow, keywords, threshold, language, on, delayMin,
                delayMax, perGroupPerMinute, queueCapacity, workers, maxImageBytes, maxPixels);
    }

    public BotSettings withDelay(Duration min, Duration max) {
        return new BotSettings(groups, privateChats, mode, triggerWindow, keywords, threshold, language, humanDelay, min,
                max, perGroupPerMinute, queueCapacity, workers, maxImageBytes, maxPixels);
    }

    public BotSettings withRateLimit(int perGroupPerMinute) {
        return new BotSettings(groups, privateChats, mode, triggerWindow, keywords, threshold, language, humanDelay, delayMin,
                delayMax, perGroupPerMinute, queueCapacity, workers, maxImageBytes, maxPixels);
    }

    public BotSettings withQueue(int capacity, int workers) {
        return new BotSettings(groups, privateChats, mode, triggerWindow, keywords, threshold, language, humanDelay, delayMin,
                delayMax, perGroupPerMinute, capacity, workers, maxImageBytes, maxPixels);
    }

    public BotSettings withLimits(long maxImageBytes, long maxPixels) {
        return new BotSettings(groups, privateChats, mode, triggerWindow, keywords, threshold, language, humanDelay, delayMin,
                delayMax, perGroupPerMinute, queueCapacity, workers, maxImageBytes, maxPixels);
    }
}
