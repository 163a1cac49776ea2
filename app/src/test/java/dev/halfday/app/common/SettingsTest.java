package dev.halfday.app.common;

import dev.halfday.app.testing.TestHomes;
import javafx.beans.property.DoubleProperty;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SettingsTest {

    @Test
    void changesAreWrittenAtomicallyAndReadBack() throws Exception {
        Path file = TestHomes.fresh("settings").resolve("s.json");
        Settings settings = Settings.load(new SettingsStore(file), Runnable::run);
        settings.doubleSetting("detect.threshold", 0.3, 0, 1).set(0.45);
        settings.stringSetting("language", "en").set("zh");

        assertThat(file).exists();
        try (var dir = Files.list(file.getParent())) {
            assertThat(dir).as("no temp files left behind").containsExactly(file);
        }
        Settings reread = Settings.load(new SettingsStore(file), Runnable::run);
        assertThat(reread.doubleSetting("detect.threshold", 0.3, 0, 1).get()).isEqualTo(0.45);
        assertThat(reread.stringSetting("language", "en").get()).isEqualTo("zh");
        assertThat(reread.loadProblem()).isEmpty();
    }

    @Test
    void invalidValuesFallBackToDefaultsAndAreReported() throws Exception {
        Path file = TestHomes.fresh("settings").resolve("s.json");
        new SettingsStore(file).save(Map.of("detect.threshold", "7", "window.width", "wide",
                "window.maximized", "perhaps"));
        Settings settings = Settings.load(new SettingsStore(file), Runnable::run);

        DoubleProperty threshold = settings.doubleSetting("detect.threshold", 0.3, 0, 1);
        assertThat(threshold.get()).isEqualTo(0.3);
        assertThat(settings.doubleSetting("window.width", 1280, 480, 20000).get()).isEqualTo(1280);
        assertThat(settings.booleanSetting("window.maximized", false).get()).isFalse();
        assertThat(settings.invalidKeys()).containsExactlyInAnyOrder("detect.threshold", "window.width",
                "window.maximized");
        assertThat(settings.doubleSetting("detect.threshold", 0.3, 0, 1)).isSameAs(threshold);
    }

    @Test
    void wholeNumbersAreStoredAsWholeNumbers() throws Exception {
        Path file = TestHomes.fresh("settings").resolve("s.json");
        new SettingsStore(file).save(Map.of("serve.port", "50052.0", "other.port", "1.5"));
        Settings settings = Settings.load(new SettingsStore(file), Runnable::run);

        var port = settings.intSetting("serve.port", 50051, 0, 65535);
        assertThat(port.get()).as("as older versions wrote it").isEqualTo(50052);
        assertThat(settings.intSetting("other.port", 7, 0, 65535).get()).isEqualTo(7);
        assertThat(settings.invalidKeys()).containsExactly("other.port");

        port.set(8500);
        assertThat(new SettingsStore(file).load().values()).containsEntry("serve.port", "8500");
    }

    @Test
    void aFileThatIsNotJsonIsKeptAsideAndDefaultsAreUsed() throws Exception {
        Path file = TestHomes.fresh("settings").resolve("s.json");
        byte[] garbage = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, 3};
        Files.write(file, garbage);

        SettingsStore.Loaded loaded = new SettingsStore(file).load();

        assertThat(loaded.values()).isEmpty();
        assertThat(loaded.problem()).hasValueSatisfying(p -> {
            assertThat(p.damaged()).isTrue();
            assertThat(p.keptAs()).hasBinaryContent(garbage);
        });
        assertThat(file).doesNotExist();
    }
}
