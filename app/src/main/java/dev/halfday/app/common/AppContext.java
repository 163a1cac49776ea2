package dev.halfday.app.common;

import dev.halfday.app.serve.DetectionBackend;
import dev.halfday.engine.i18n.Language;
import javafx.beans.property.StringProperty;
import javafx.stage.Stage;

import java.util.Locale;
import java.util.Objects;

/**
 * What every page gets from the shell: strings, remembered settings, the event bus, background threads and the
 * shared detection model. Pages talk to the engine only through these and the engine's public API.
 */
public final class AppContext implements AutoCloseable {

    private final Background background;
    private final Settings settings;
    private final I18n i18n;
    private final EventBus events = new EventBus();
    private final DetectorService detectors;
    private final DetectionBackend detectionBackend;
    private Stage stage;

    private AppContext(SettingsStore store) {
        this.background = new Background();
        this.settings = Settings.load(store, background.files());
        StringProperty languageSetting = settings.stringSetting("language", Language.of(Locale.getDefault()).code());
        this.i18n = new I18n(parseLanguage(languageSetting.get()));
        i18n.languageProperty().addListener((obs, old, now) -> languageSetting.set(now.code()));
        this.detectors = new DetectorService(background.work(), background.detection());
        this.detectionBackend = new DetectionBackend(settings, detectors);
    }

    /** Must be created on the FX thread (settings are FX properties). */
    public static AppContext create(SettingsStore store) {
        return new AppContext(store);
    }

    public I18n i18n() {
        return i18n;
    }

    public Settings settings() {
        return settings;
    }

    public EventBus events() {
        return events;
    }

    public Background background() {
        return background;
    }

    public DetectorService detectors() {
        return detectors;
    }

    /**
     * Where detections come from (this app's model, a Halfday server or TensorFlow Serving), as chosen in
     * Tools → Detection backend: the Detect tab and the bot get their {@code DetectionClient} here.
     */
    public DetectionBackend detectionBackend() {
        return detectionBackend;
    }

    /** The main window, the owner of every dialog. */
    public Stage stage() {
        return stage;
    }

    public void attach(Stage mainStage) {
        this.stage = Objects.requireNonNull(mainStage);
    }

    /** Saves settings, frees the model and stops the background threads. */
    @Override
    public void close() {
        settings.flush();
        background.close();
        detectionBackend.close();
        detectors.close();
    }

    private static Language parseLanguage(String code) {
        try {
            return Language.parse(code);
        } catch (IllegalArgumentException e) {
            return Language.EN;
        }
    }
}
