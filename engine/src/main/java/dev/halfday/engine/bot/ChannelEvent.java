package dev.halfday.engine.bot;

import java.time.Instant;
import java.util.List;

/** Login and connection progress of a {@link Channel}, as events a UI or CLI can show. */
public sealed interface ChannelEvent {

    /** A QR code to scan; {@code content} is the text to encode (for web WeChat, the login URL). */
    record QrCode(String content, Instant expiresAt) implements ChannelEvent {
    }

    /** The QR code was scanned; waiting for the user to confirm on the phone. */
    record Scanned() implements ChannelEvent {
    }

    /** Logged in (or connected and subscribed) as this account. */
    record LoggedIn(String selfId, String selfName) implements ChannelEvent {
    }

    /** The group list changed. */
    record GroupsChanged(List<ChatGroup> groups) implements ChannelEvent {
    }

    /**
     * Something worth telling the user that does not end the session: "reconnecting in 4 s", "sync reply
     * was malformed, retrying".
     */
    record Status(String message) implements ChannelEvent {
    }

    /**
     * The session ended.
     *
     * @param code      the protocol's code (synccheck retcode 1102, login ret 1203, WeCom errcode, HTTP status), or 0
     * @param meaning   what the code means, in words
     * @param advice    what the user can do about it
     * @param willRetry true if the channel will try again by itself (with backoff)
     */
    record LoggedOut(int code, String meaning, String advice, boolean willRetry) implements ChannelEvent {
    }
}
