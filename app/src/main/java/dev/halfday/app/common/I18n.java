package dev.halfday.app.common;

import dev.halfday.engine.i18n.Language;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * UI strings in the current language. Every visible text binds to {@link #text(String, Object...)}, so switching
 * {@link #languageProperty()} relabels the whole window live.
 *
 * <p>Each feature keeps its own bundle (for example {@code dev/halfday/app/gan/messages.properties} and
 * {@code messages_zh.properties}) and registers it with {@link #addBundle(String)}, so features never edit one
 * shared file. Lookups go through the registered bundles in order; a missing key shows as {@code !key!} and is
 * logged rather than crashing the UI.
 */
public final class I18n {

    /** The shell's own strings. */
    public static final String CORE_BUNDLE = "dev.halfday.app.i18n.messages";

    private static final Logger log = LoggerFactory.getLogger(I18n.class);
    // No fallback to the JVM's default locale: English must stay English on a Chinese desktop and vice versa.
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final ObjectProperty<Language> language = new SimpleObjectProperty<>(this, "language", Language.EN);
    private final List<String> baseNames = new CopyOnWriteArrayList<>(List.of(CORE_BUNDLE));

    public I18n(Language initial) {
        language.set(initial);
        language.addListener((obs, old, now) -> {
            if (now == null) {
                language.set(old == null ? Language.EN : old);
            }
        });
    }

    public ObjectProperty<Language> languageProperty() {
        return language;
    }

    public Language language() {
        return language.get();
    }

    public Locale locale() {
        return localeOf(language());
    }

    /** Adds a feature's bundle (a base name such as {@code dev.halfday.app.gan.messages}). */
    public void addBundle(String baseName) {
        if (!baseNames.contains(baseName)) {
            baseNames.add(baseName);
        }
    }

    /** The text for a key in the current language; with arguments it is a {@link MessageFormat} pattern. */
    public String get(String key, Object... args) {
        return get(language(), key, args);
    }

    public String get(Language lang, String key, Object... args) {
        Locale locale = localeOf(lang);
        for (String base : baseNames) {
            ResourceBundle bundle;
            try {
                bundle = ResourceBundle.getBundle(base, locale, I18n.class.getClassLoader(), NO_FALLBACK);
            } catch (MissingResourceException e) {
                continue;
            }
            if (bundle.containsKey(key)) {
                String pattern = bundle.getString(key);
                if (args.length == 0) {
                    return pattern;
                }
                try {
                    return new MessageFormat(pattern, locale).format(args);
                } catch (IllegalArgumentException e) {
                    log.warn("bad UI string pattern '{}' ({}): {}", key, lang.code(), e.getMessage());
                    return pattern;
                }
            }
        }
        log.warn("missing UI string '{}' ({})", key, lang.code());
        return "!" + key + "!";
    }

    /** A live binding to a text: it follows the language. Arguments are fixed values. */
    public StringBinding text(String key, Object... args) {
        return Bindings.createStringBinding(() -> get(key, args), language);
    }

    private static Locale localeOf(Language lang) {
        return lang == Language.ZH ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH;
    }
}
