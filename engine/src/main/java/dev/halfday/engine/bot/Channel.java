package dev.halfday.engine.bot;

import java.util.List;

/**
 * A chat network the bot lives on: personal WeChat over the web protocol, or a WeCom AI bot over its
 * WebSocket long connection. The {@link Bot} only sees this interface, so a channel that stops working
 * (web logins get kicked since 2025) is replaced without touching the bot.
 *
 * <p>Lifecycle: {@link #start} begins login/connection and returns at once; progress, login state and
 * messages arrive on the listener, from the channel's own threads. {@link #stop} ends the session.
 */
public interface Channel extends AutoCloseable {

    /** Short id: "web-wechat", "wecom". */
    String id();

    /** Begins login or connection; returns immediately. Calling start twice without stop is an error. */
    void start(ChannelListener listener);

    /** Logs out or disconnects, stops all channel threads; safe to call more than once. */
    void stop();

    /** Group chats known so far (may grow as the channel learns of more). */
    List<ChatGroup> groups();

    /** Replies in the chat the message came from (WeCom answers on the message's request id). */
    void replyText(IncomingMessage to, String text) throws ChannelException;

    /** Replies with an image (PNG bytes) in the chat the message came from. */
    void replyImage(IncomingMessage to, byte[] png) throws ChannelException;

    @Override
    default void close() {
        stop();
    }
}
