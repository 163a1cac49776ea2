package dev.halfday.engine.bot.wecom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.halfday.engine.util.AppDirs;
import dev.halfday.engine.util.AtomicFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WeCom AI bot's Bot ID, Secret and gateway address, and where they are kept: a JSON file only the user can
 * read ({@code <config>/wecom-bot.json}, mode 600), written atomically. The secret never appears in
 * {@link #toString()} or in logs.
 */
public record WeComCredentials(String botId, String secret, URI url) {

    private static final Logger log = LoggerFactory.getLogger(WeComCredentials.class);
    /** Where the CLI looks for the secret when no file is given. */
    public static final String SECRET_ENV = "HALFDAY_WECOM_SECRET";

    public WeComCredentials {
        botId = botId == null ? "" : botId.trim();
        secret = secret == null ? "" : secret.trim();
        url = url == null ? URI.create(WeComProtocol.DEFAULT_URL) : url;
    }

    public static Path defaultFile() {
        return AppDirs.config().resolve("wecom-bot.json");
    }

    public WeComConfig toConfig() {
        return WeComConfig.of(url, botId, secret);
    }

    /** Saves to an owner-only file, replacing it in one step. */
    public void save(Path file) throws IOException {
        ObjectNode json = WeComProtocol.JSON.createObjectNode();
        json.put("bot_id", botId);
        json.put("secret", secret);
        json.put("url", url.toString());
        AtomicFiles.writePrivate(file, WeComProtocol.write(json).getBytes(StandardCharsets.UTF_8));
    }

    /** Reads saved credentials; empty if there are none. A file others can read is made private first. */
    public static Optional<WeComCredentials> load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        tightenIfShared(file);
        JsonNode json;
        try {
            json = WeComProtocol.JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IOException("the saved WeCom credentials in " + file + " are damaged; enter them again", e);
        }
        URI url;
        try {
            url = URI.create(json.path("url").asText(WeComProtocol.DEFAULT_URL));
        } catch (IllegalArgumentException e) {
            url = URI.create(WeComProtocol.DEFAULT_URL);
        }
        return Optional.of(new WeComCredentials(json.path("bot_id").asText(""), json.path("secret").asText(""), url));
    }

    /**
     * The secret for the command line, which never takes it as an argument: from {@code secretFile} if given,
     * else from the environment variable {@value #SECRET_ENV}.
     */
    public static String secretFromFileOrEnv(Path secretFile, Map<String, String> env) throws IOException {
        if (secretFile != null) {
            if (!Files.isRegularFile(secretFile)) {
                throw new IOException("the secret file " + secretFile + " does not exist");
            }
            tightenIfShared(secretFile);
            String s = Files.readString(secretFile, StandardCharsets.UTF_8).trim();
            if (s.isEmpty()) {
                throw new IOException("the secret file " + secretFile + " is empty");
            }
            return s;
        }
        String s = env.get(SECRET_ENV);
        if (s == null || s.isBlank()) {
            throw new IOException("no WeCom secret: set " + SECRET_ENV + " or pass --secret-file FILE "
                    + "(the secret is never taken as a plain argument, where other users could see it)");
        }
        return s.trim();
    }

    private static void tightenIfShared(Path file) throws IOException {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                log.warn("{} was readable by other users; it is now readable by you only", file);
                AtomicFiles.restrictToOwner(file);
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
    }

    @Override
    public String toString() {
        return "WeComCredentials[botId=" + botId + ", secret=(hidden), url=" + url + "]";
    }
}
