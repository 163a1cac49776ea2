package dev.halfday.engine.bot;

/** What a running {@link Bot} reports; called from bot and channel threads, so hand work to your own thread. */
public interface BotListener {

    /** Login progress and connection status, as the channel reported it. */
    default void onChannelEvent(ChannelEvent event) {
    }

    /** An image was dealt with (answered, refused, skipped or failed). */
    default void onHandled(HandledMessage message) {
    }

    /** A text command was answered. */
    default void onCommand(IncomingMessage command, String reply) {
    }
}
