package dev.halfday.engine.bot;

/**
 * Running totals since the bot started.
 *
 * @param received      messages the channel delivered
 * @param ignored       messages not for the bot (own, duplicates, other groups, not triggered, not images)
 * @param duplicates    messages seen twice (counted in ignored too)
 * @param commands      text commands answered
 * @param replied       images answered with detections
 * @param nothingFound  images answered with "no objects found"
 * @param refused       images refused politely (too large, unreadable)
 * @param rateLimited   images skipped by the per-group limit
 * @param dropped       images skipped because the queue was full
 * @param failed        images whose detection or reply failed
 * @param queueDepth    messages waiting or in work now
 * @param maxQueueDepth the most that ever waited at once
 */
public record BotCounters(long received, long ignored, long duplicates, long commands, long replied, long nothingFound,
                          long refused, long rateLimited, long dropped, long failed, int queueDepth, int maxQueueDepth) {
}
