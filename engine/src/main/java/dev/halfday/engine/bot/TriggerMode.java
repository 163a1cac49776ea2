package dev.halfday.engine.bot;

/** When the bot answers an image in a group. */
public enum TriggerMode {
    /** Every image. */
    ALL,
    /** Only images sent shortly after their sender @-mentioned the bot (or together with the mention). */
    MENTION,
    /** Only images sent shortly after their sender wrote a keyword (or together with it). */
    KEYWORD;

    public static TriggerMode parse(String s) {
        for (TriggerMode m : values()) {
            if (m.name().equalsIgnoreCase(s.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown trigger mode '" + s + "' (use all, mention or keyword)");
    }
}
