package dev.halfday.app.bot;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.image.Image;

/**
 * One line of the demo chat view. An image is kept only as a small thumbnail (the chat shows nothing larger),
 * decoded off the FX thread: a long demo session holds kilobytes per photo, not the photos.
 */
public final class ChatLine {

    /** The thumbnail's bounds in the chat. */
    static final double THUMB_WIDTH = 200;
    static final double THUMB_HEIGHT = 140;

    private final String who;
    private final String text;
    private final boolean fromBot;
    private final boolean hasImage;
    private final ReadOnlyObjectWrapper<Image> thumbnail = new ReadOnlyObjectWrapper<>(this, "thumbnail");

    private ChatLine(String who, String text, boolean fromBot, boolean hasImage) {
        this.who = who;
        this.text = text;
        this.fromBot = fromBot;
        this.hasImage = hasImage;
    }

    static ChatLine text(String who, String text, boolean fromBot) {
        return new ChatLine(who, text, fromBot, false);
    }

    /** A line with an image whose thumbnail comes later ({@link #showThumbnail}). */
    static ChatLine withImage(String who, String text, boolean fromBot) {
        return new ChatLine(who, text, fromBot, true);
    }

    /** Decodes a thumbnail that fits the chat; call off the FX thread. Null if the bytes are not an image. */
    static Image thumbnailOf(byte[] encoded) {
        Image image = new Image(new java.io.ByteArrayInputStream(encoded), THUMB_WIDTH, THUMB_HEIGHT, true, true);
        return image.isError() ? null : image;
    }

    /** The sender's name. */
    public String who() {
        return who;
    }

    /** The text, or "" for an image alone. */
    public String text() {
        return text;
    }

    /** True for the bot's replies. */
    public boolean fromBot() {
        return fromBot;
    }

    public boolean hasImage() {
        return hasImage;
    }

    /** The image, at most {@value #THUMB_WIDTH} × {@value #THUMB_HEIGHT}; null until decoded (or if it cannot be). */
    public ReadOnlyObjectProperty<Image> thumbnailProperty() {
        return thumbnail.getReadOnlyProperty();
    }

    /** FX thread. */
    void showThumbnail(Image image) {
        thumbnail.set(image);
    }

    @Override
    public String toString() {
        return who + ": " + (hasImage ? "[image] " : "") + text;
    }
}
