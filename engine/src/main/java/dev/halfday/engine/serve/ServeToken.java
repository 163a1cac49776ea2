package dev.halfday.engine.serve;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the server's shared secret: a token file (first line, trimmed) or the {@code HALFDAY_TOKEN} environment
 * variable. Kept in a file readable by its owner only; a file others can read still works, with a warning.
 */
public final class ServeToken {

    public static final String ENV = "HALFDAY_TOKEN";
    /** A token shorter than this is too easy to guess. */
    static final int MIN_LENGTH = 16;

    private static final Logger log = LoggerFactory.getLogger(ServeToken.class);
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);

    private ServeToken() {
    }

    /**
     * @param tokenFile  the --token-file option, or null
     * @param envValue   the value of {@value #ENV}, or null
     * @throws IllegalArgumentException the file is empty or the token is too short
     * @throws IOException              the file cannot be read
     */
    public static Optional<String> resolve(Path tokenFile, String envValue) throws IOException {
        String token;
        if (tokenFile != null) {
            token = Files.readString(tokenFile, StandardCharsets.UTF_8).lines().findFirst().orElse("").trim();
            if (token.isEmpty()) {
                throw new IllegalArgumentException("the token file " + tokenFile + " is empty");
            }
            warnIfOthersCanRead(tokenFile);
        } else if (envValue != null && !envValue.isBlank()) {
            token = envValue.trim();
        } else {
            return Optional.empty();
        }
        if (token.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("the token is too short (" + token.length() + " characters; use at least "
                    + MIN_LENGTH + ", e.g. `openssl rand -hex 24`)");
        }
        return Optional.of(token);
    }

    private static void warnIfOthersCanRead(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.stream().anyMatch(OTHERS::contains)) {
                log.warn("the token file {} can be read by other users; `chmod 600 {}`", file, file);
            }
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system: nothing to check.
        }
    }
}
