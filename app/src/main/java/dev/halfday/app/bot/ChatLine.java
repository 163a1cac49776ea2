package dev.halfday.app.bot;

/**
 * One line of the demo chat view.
 *
 * @param who     the sender's name
 * @param text    the text, or "" for an image
 * @param image   encoded image bytes, or null
 * @param fromBot true for the bot's replies
 */
public record ChatLine(String who, String text, byte[] image, boolean fromBot) {
}
