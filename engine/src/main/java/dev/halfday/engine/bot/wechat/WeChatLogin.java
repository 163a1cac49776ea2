package dev.halfday.engine.bot.wechat;

import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The QR login steps 1–5 of the protocol: uuid, QR URL, polling, login page. */
final class WeChatLogin {

    private static final Pattern UUID = Pattern.compile("window\\.QRLogin\\.code\\s*=\\s*(\\d+);\\s*window\\.QRLogin\\.uuid\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern CODE = Pattern.compile("window\\.code\\s*=\\s*(\\d+)");
    private static final Pattern REDIRECT = Pattern.compile("window\\.redirect_uri\\s*=\\s*\"([^\"]+)\"");

    /** A login poll's answer: 408 waiting, 201 scanned, 200 confirmed (with the redirect), else expired. */
    record Poll(int code, String redirectUri) {
    }

    private final WebWeChatConfig config;
    private final WeChatHttp http;
    private final AtomicLong counter = new AtomicLong(System.currentTimeMillis());

    WeChatLogin(WebWeChatConfig config, WeChatHttp http) {
        this.config = config;
        this.http = http;
    }

    String newUuid() throws IOException, InterruptedException {
        StringBuilder q = new StringBuilder("/jslogin?appid=").append(WeChatProtocol.APP_ID)
                .append("&fun=new&lang=zh_CN&_=").append(counter.incrementAndGet());
        if (config.desktopMode()) {
            q.append("&redirect_uri=").append(enc(WeChatProtocol.DESKTOP_REDIRECT));
        }
        String body = http.getText(URI.create(config.loginBase() + q.toString()), config.requestTimeout(), Map.of(), false);
        Matcher m = UUID.matcher(body);
        if (!m.find()) {
            throw new WeChatHttpException(0, "the login server's jslogin reply had no uuid");
        }
        if (!m.group(1).equals("200")) {
            throw new WeChatHttpException(0, "the login server refused to start a login (code " + m.group(1) + ")");
        }
        return m.group(2);
    }

    /** What the phone scans: the login URL for this uuid. */
    String qrContent(String uuid) {
        return config.loginBase() + "/l/" + uuid;
    }

    Poll poll(String uuid, boolean firstPoll) throws IOException, InterruptedException {
        long now = System.currentTimeMillis();
        String q = "/cgi-bin/mmwebwx-bin/login?loginicon=true&uuid=" + enc(uuid) + "&tip=" + (firstPoll ? 1 : 0)
                + "&r=" + (~now & 0xffffffffL) + "&_=" + counter.incrementAndGet();
        String body = http.getText(URI.create(config.loginBase() + q), config.longPollTimeout(), Map.of(), false);
        Matcher c = CODE.matcher(body);
        if (!c.find()) {
            throw new WeChatHttpException(0, "the login poll reply had no window.code");
        }
        int code = Integer.parseInt(c.group(1));
        String redirect = null;
        if (code == 200) {
            Matcher r = REDIRECT.matcher(body);
            if (!r.find()) {
                throw new WeChatHttpException(0, "the login poll said 200 but carried no redirect_uri");
            }
            redirect = r.group(1);
        }
        return new Poll(code, redirect);
    }

    /** Step 4: the login page gives the keys; its cookies land in the jar. */
    SessionState loginPage(String redirectUri) throws IOException, InterruptedException, LoginRefusedException {
        URI redirect = URI.create(redirectUri);
        StringBuilder url = new StringBuilder(WeChatHosts.rewriteRedirect(redirect, config).toString());
        url.append(redirect.getRawQuery() == null ? '?' : '&').append("fun=new&version=v2");
        Map<String, String> headers = new LinkedHashMap<>();
        if (config.desktopMode()) {
            url.append("&mod=desktop&lang=zh_CN");
            headers.put("client-version", WeChatProtocol.DESKTOP_CLIENT_VERSION);
            headers.put("referer", WeChatProtocol.DESKTOP_REFERER);
            headers.put("extspam", WeChatProtocol.EXTSPAM);
        }
        // Some servers answer 301 with the XML in the body: take it, never follow.
        String xml = http.getText(URI.create(url.toString()), config.requestTimeout(), headers, true);
        Map<String, String> f = parseLoginXml(xml);
        int ret = parseIntOr(f.get("ret"), -1);
        String message = f.getOrDefault("message", "");
        if (ret != 0 || !message.isBlank()) {
            throw new LoginRefusedException(ret, message);
        }
        String skey = f.get("skey");
        String sid = f.get("wxsid");
        String uin = f.get("wxuin");
        String pass = f.get("pass_ticket");
        if (skey == null || sid == null || uin == null || pass == null) {
            throw new WeChatHttpException(0, "the login page reply lacked skey, wxsid, wxuin or pass_ticket");
        }
        WeChatHosts hosts = WeChatHosts.fromRedirect(redirect, config);
        return new SessionState(Long.parseLong(uin.trim()), sid, skey, pass, SessionState.newDeviceId(), hosts);
    }

    static Map<String, String> parseLoginXml(String xml) throws WeChatHttpException {
        try {
            DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
            dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            dbf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            dbf.setExpandEntityReferences(false);
            Document doc = dbf.newDocumentBuilder().parse(new InputSource(new StringReader(xml.trim())));
            Map<String, String> out = new LinkedHashMap<>();
            for (Node n = doc.getDocumentElement().getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n.getNodeType() == Node.ELEMENT_NODE) {
                    out.put(n.getNodeName(), n.getTextContent());
                }
            }
            return out;
        } catch (Exception e) {
            throw new WeChatHttpException(0, "the login page reply was not the expected XML");
        }
    }

    private static int parseIntOr(String s, int fallback) {
        try {
            return s == null ? fallback : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
