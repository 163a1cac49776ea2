package dev.halfday.engine.bot;

/** Receives what a {@link Channel} reports. Called on channel threads: return quickly, never block. */
public interface ChannelListener {

    void onEvent(ChannelEvent event);

    void onMessage(IncomingMessage message);
}
