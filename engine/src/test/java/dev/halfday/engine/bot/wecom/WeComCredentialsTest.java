package dev.halfday.engine.bot.wecom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeComCredentialsTest {

    @TempDir
    Path dir;

    @Test
    void savedCredentialsAreOwnerOnlyAndComeBackTheSame() throws IOException {
        Path file = dir.resolve("config/wecom-bot.json");
        WeComCredentials saved = new WeComCredentials(" aibABC ", "top-secret", URI.create("ws://127.0.0.1:9"));
        saved.save(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(WeComCredentials.load(file)).contains(new WeComCredentials("aibABC", "top-secret", URI.create("ws://127.0.0.1:9")));
        assertThat(saved.toString()).doesNotContain("top-secret");
        assertThat(saved.toConfig().toString()).doesNotContain("top-secret");
        assertThat(WeComCredentials.load(dir.resolve("none.json"))).isEmpty();
        try (var leftovers = Files.list(file.getParent())) {
            assertThat(leftovers).containsExactly(file); // no temp files left behind
        }
    }

    @Test
    void aSharedFileIsMadePrivateAndADamagedOneSaysSo() throws IOException {
        Path file = dir.resolve("wecom-bot.json");
        Files.writeString(file, "{\"bot_id\":\"b\",\"secret\":\"s\"}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(WeComCredentials.load(file)).map(WeComCredentials::url)
                .contains(URI.create(WeComProtocol.DEFAULT_URL));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        Files.writeString(file, "{not json");
        assertThatThrownBy(() -> WeComCredentials.load(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("damaged");
    }

    @Test
    void theSecretComesFromAFileOrTheEnvironmentNeverFromNowhere() throws IOException {
        Path secretFile = dir.resolve("secret");
        Files.writeString(secretFile, "from-file\n");

        assertThat(WeComCredentials.secretFromFileOrEnv(secretFile, Map.of(WeComCredentials.SECRET_ENV, "env")))
                .isEqualTo("from-file");
        assertThat(WeComCredentials.secretFromFileOrEnv(null, Map.of(WeComCredentials.SECRET_ENV, " from-env ")))
                .isEqualTo("from-env");
        assertThatThrownBy(() -> WeComCredentials.secretFromFileOrEnv(null, Map.of()))
                .hasMessageContaining("HALFDAY_WECOM_SECRET").hasMessageContaining("--secret-file");
        assertThatThrownBy(() -> WeComCredentials.secretFromFileOrEnv(dir.resolve("missing"), Map.of()))
                .hasMessageContaining("does not exist");
        Files.writeString(secretFile, "  \n");
        assertThatThrownBy(() -> WeComCredentials.secretFromFileOrEnv(secretFile, Map.of()))
                .hasMessageContaining("empty");
    }
}
