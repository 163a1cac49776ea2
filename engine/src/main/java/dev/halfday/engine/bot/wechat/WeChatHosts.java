package dev.halfday.engine.bot.wechat;

import java.net.URI;

/**
 * The three URL prefixes of a logged-in session: {@code web} (most calls), {@code file} (uploads, media) and
 * {@code push} (synccheck), each ending in the CGI path without a trailing slash.
 */
public record WeChatHosts(String web, String file, String push) {

    /**
     * Derives the hosts from the login redirect the way the web client does, then applies the config's overrides
     * (which replace scheme and authority, keeping the path).
     */
    public static WeChatHosts fromRedirect(URI redirect, WebWeChatConfig config) {
        String path = redirect.getRawPath();
        int slash = path.lastIndexOf('/');
        String dir = slash <= 0 ? "" : path.substring(0, slash);
        String host = redirect.getHost() == null ? "" : redirect.getHost();
        String authority = redirect.getRawAuthority();
        String scheme = redirect.getScheme();

        String fileHost;
        String pushHost;
        if (host.equals("wx2.qq.com")) {
            fileHost = "file.wx2.qq.com";
            pushHost = "webpush.wx2.qq.com";
        } else if (host.equals("wx8.qq.com")) {
            fileHost = "file.wx8.qq.com";
            pushHost = "webpush.wx8.qq.com";
        } else if (host.equals("web2.wechat.com")) {
            fileHost = "file.web2.wechat.com";
            pushHost = "webpush.web2.wechat.com";
        } else if (host.endsWith("wechat.com")) {
            fileHost = "file.web.wechat.com";
            pushHost = "webpush.web.wechat.com";
        } else if (host.endsWith("qq.com")) {
            fileHost = "file.wx.qq.com";
            pushHost = "webpush.wx.qq.com";
        } else {
            // Not a WeChat host (a simulator or proxy): everything lives on the one server.
            fileHost = authority;
            pushHost = authority;
        }
        String web = apply(config.webBase(), scheme + "://" + authority, dir);
        String file = apply(config.fileBase(), scheme + "://" + fileHost, dir);
        String push = apply(config.pushBase(), scheme + "://" + pushHost, dir);
        return new WeChatHosts(web, file, push);
    }

    /** The redirect URL itself with the web override applied (the login page is on the web host). */
    public static URI rewriteRedirect(URI redirect, WebWeChatConfig config) {
        if (config.webBase() == null) {
            return redirect;
        }
        String rest = redirect.getRawPath() + (redirect.getRawQuery() == null ? "" : "?" + redirect.getRawQuery());
        return URI.create(config.webBase() + rest);
    }

    private static String apply(URI override, String derived, String dir) {
        return (override != null ? override.toString() : derived) + dir;
    }
}
