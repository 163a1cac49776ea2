package dev.halfday.engine.bot.wechat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.halfday.engine.util.AtomicFiles;

import java.io.IOException;
import java.net.HttpCookie;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * What a restart needs to resume a web session without a new scan: keys, hosts, sync keys and cookies.
 * Written atomically and readable by the owner only — these values are as good as a logged-in browser.
 */
public record SessionFile(long uin, String sid, String skey, String passTicket, String deviceId,
                          String webUrl, String fileUrl, String pushUrl, String selfId, String selfName,
                          JsonNode syncKey, JsonNode syncCheckKey, List<SavedCookie> cookies, long savedAtMillis) {

    /** A cookie as saved: the URI it was set for (for host-only cookies) and its attributes. */
    public record SavedCookie(String uri, String name, String value, String domain, String path, long maxAge,
                              boolean secure, boolean httpOnly) {

        static SavedCookie of(URI uri, HttpCookie c) {
            return new SavedCookie(uri == null ? null : uri.toString(), c.getName(), c.getValue(), c.getDomain(),
                    c.getPath(), c.getMaxAge(), c.getSecure(), c.isHttpOnly());
        }

        HttpCookie toHttpCookie() {
            HttpCookie c = new HttpCookie(name, value);
            c.setDomain(domain);
            c.setPath(path == null ? "/" : path);
            c.setMaxAge(maxAge);
            c.setSecure(secure);
            c.setHttpOnly(httpOnly);
            c.setVersion(0);
            return c;
        }
    }

    public static void save(Path file, SessionFile session) throws IOException {
        AtomicFiles.writePrivate(file, WeChatHttp.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(session));
    }

    /** The saved session, or null if there is none or it cannot be read (a bad file is not fatal: we scan again). */
    public static SessionFile load(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return WeChatHttp.JSON.readValue(bytes, SessionFile.class);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(SessionFile.class)
                    .warn("ignoring unreadable session file {}: {}", file, e.getMessage());
            return null;
        }
    }

    public static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(SessionFile.class).warn("could not delete {}: {}", file, e.getMessage());
        }
    }
}
