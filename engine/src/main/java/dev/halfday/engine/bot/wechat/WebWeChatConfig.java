package dev.halfday.engine.bot.wechat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how {@link WebWeChatChannel} talks to WeChat. Every host is configurable: {@code loginBase}
 * serves jslogin, the QR code and login polling; the web, file and push hosts normally come from the login
 * redirect, and each can be overridden. {@link Builder#singleBase(URI)} points all four at one base URL with the
 * paths unchanged (for a simulator: {@code --wechat-base http://127.0.0.1:PORT}).
 *
 * @param loginBase              login host, e.g. https://login.weixin.qq.com
 * @param webBase                replaces scheme and host of the web host, or null to use the login redirect's
 * @param fileBase               replaces scheme and host of the file (upload/media) host, or null
 * @param pushBase               replaces scheme and host of the push (synccheck) host, or null
 * @param desktopMode            log in as the UOS desktop client (extra headers); on by default
 * @param sessionFile            where keys and cookies are kept for a restart without a scan, or null for none
 * @param requestTimeout         ordinary requests
 * @param longPollTimeout        synccheck and login polling (the server holds them ~25 s)
 * @param minLoginPollInterval   login polls are never closer together than this, even if the server answers at once
 * @param retryInitial           first pause after a network failure or a malformed reply
 * @param retryMax               longest such pause
 * @param sessionRetryInitial    first pause after a session was kicked (1102), before logging in again
 * @param sessionRetryMax        longest such pause
 * @param maxQrRefreshes         give up after this many expired QR codes nobody scanned
 * @param userAgent              the browser we claim to be
 */
public record WebWeChatConfig(URI loginBase, URI webBase, URI fileBase, URI pushBase, boolean desktopMode,
                              Path sessionFile, Duration requestTimeout, Duration longPollTimeout,
                              Duration minLoginPollInterval, Duration retryInitial, Duration retryMax,
                              Duration sessionRetryInitial, Duration sessionRetryMax, int maxQrRefreshes,
                              String userAgent) {

    public WebWeChatConfig {
        Objects.requireNonNull(loginBase, "loginBase");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(longPollTimeout, "longPollTimeout");
        if (maxQrRefreshes < 1) {
            throw new IllegalArgumentException("maxQrRefreshes must be at least 1");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.loginBase = loginBase;
        b.webBase = webBase;
        b.fileBase = fileBase;
        b.pushBase = pushBase;
        b.desktopMode = desktopMode;
        b.sessionFile = sessionFile;
        b.requestTimeout = requestTimeout;
        b.longPollTimeout = longPollTimeout;
        b.minLoginPollInterval = minLoginPollInterval;
        b.retryInitial = retryInitial;
        b.retryMax = retryMax;
        b.sessionRetryInitial = sessionRetryInitial;
        b.sessionRetryMax = sessionRetryMax;
        b.maxQrRefreshes = maxQrRefreshes;
        b.userAgent = userAgent;
        return b;
    }

    /** Builds a config; defaults are those for the real WeChat servers. */
    public static final class Builder {
        private URI loginBase = URI.create(WeChatProtocol.DEFAULT_LOGIN_BASE);
        private URI webBase;
        private URI fileBase;
        private URI pushBase;
        private boolean desktopMode = true;
        private Path sessionFile;
        private Duration requestTimeout = Duration.ofSeconds(20);
        private Duration longPollTimeout = Duration.ofSeconds(40);
        private Duration minLoginPollInterval = Duration.ofSeconds(1);
        private Duration retryInitial = Duration.ofSeconds(1);
        private Duration retryMax = Duration.ofSeconds(60);
        private Duration sessionRetryInitial = Duration.ofSeconds(5);
        private Duration sessionRetryMax = Duration.ofMinutes(10);
        private int maxQrRefreshes = 10;
        private String userAgent = WeChatProtocol.USER_AGENT;

        /** Every host (login, web, file, push) at this base URL, paths unchanged. */
        public Builder singleBase(URI base) {
            URI b = stripSlash(base);
            this.loginBase = b;
            this.webBase = b;
            this.fileBase = b;
            this.pushBase = b;
            return this;
        }

        public Builder loginBase(URI v) {
            this.loginBase = stripSlash(v);
            return this;
        }

        public Builder webBase(URI v) {
            this.webBase = v == null ? null : stripSlash(v);
            return this;
        }

        public Builder fileBase(URI v) {
            this.fileBase = v == null ? null : stripSlash(v);
            return this;
        }

        public Builder pushBase(URI v) {
            this.pushBase = v == null ? null : stripSlash(v);
            return this;
        }

        public Builder desktopMode(boolean v) {
            this.desktopMode = v;
            return this;
        }

        public Builder sessionFile(Path v) {
            this.sessionFile = v;
            return this;
        }

        public Builder requestTimeout(Duration v) {
            this.requestTimeout = v;
            return this;
        }

        public Builder longPollTimeout(Duration v) {
            this.longPollTimeout = v;
            return this;
        }

        public Builder minLoginPollInterval(Duration v) {
            this.minLoginPollInterval = v;
            return this;
        }

        public Builder retry(Duration initial, Duration max) {
            this.retryInitial = initial;
            this.retryMax = max;
            return this;
        }

        public Builder sessionRetry(Duration initial, Duration max) {
            this.sessionRetryInitial = initial;
            this.sessionRetryMax = max;
            return this;
        }

        public Builder maxQrRefreshes(int v) {
            this.maxQrRefreshes = v;
            return this;
        }

        public Builder userAgent(String v) {
            this.userAgent = v;
            return this;
        }

        public WebWeChatConfig build() {
            return new WebWeChatConfig(loginBase, webBase, fileBase, pushBase, desktopMode, sessionFile,
                    requestTimeout, longPollTimeout, minLoginPollInterval, retryInitial, retryMax,
                    sessionRetryInitial, sessionRetryMax, maxQrRefreshes, userAgent);
        }

        private static URI stripSlash(URI u) {
            String s = u.toString();
            while (s.endsWith("/")) {
                s = s.substring(0, s.length() - 1);
            }
            URI out = URI.create(s);
            if (out.getScheme() == null || out.getHost() == null) {
                throw new IllegalArgumentException("not an absolute http(s) URL: " + u);
            }
            return out;
        }
    }
}
