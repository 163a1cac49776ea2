package dev.halfday.engine.bot.wechat;

/** Constants of the web-WeChat protocol shared by the client and the simulator (see WECHAT_PROTOCOL.md). */
public final class WeChatProtocol {

    private WeChatProtocol() {
    }

    public static final String APP_ID = "wx782c26e4c19acffb";
    public static final String DEFAULT_LOGIN_BASE = "https://login.weixin.qq.com";
    /** Path prefix of every call on the web, file and push hosts. */
    public static final String CGI = "/cgi-bin/mmwebwx-bin";
    public static final String DESKTOP_REDIRECT = "https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxnewloginpage?mod=desktop";
    public static final String DESKTOP_CLIENT_VERSION = "2.0.0";
    public static final String DESKTOP_REFERER = "https://wx.qq.com/?&lang=zh_CN&target=t";
    public static final String USER_AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36";
    /** Uploads above this many bytes go in chunks of this size. */
    public static final int CHUNK_SIZE = 524_288;
    /** At most this many groups per webwxbatchgetcontact call. */
    public static final int BATCH_CONTACTS = 50;

    /** The desktop (UOS) mode "extspam" header value. */
    public static final String EXTSPAM = "Go8FCIkFEokFCggwMDAwMDAwMRAGGvAESySibk50w5Wb3uTl2c2h64jVVrV7gNs06GFlWplHQbY/5FfiO++1yH4ykCyNPWKXmco+wfQzK5R98D3so7rJ5LmGFvBLjGceleySrc3SOf2Pc1gVehzJgODeS0lDL3/I/0S2SSE98YgKleq6Uqx6ndTy9yaL9qFxJL7eiA/R3SEfTaW1SBoSITIu+EEkXff+Pv8NHOk7N57rcGk1w0ZzRrQDkXTOXFN2iHYIzAAZPIOY45Lsh+A4slpgnDiaOvRtlQYCt97nmPLuTipOJ8Qc5pM7ZsOsAPPrCQL7nK0I7aPrFDF0q4ziUUKettzW8MrAaiVfmbD1/VkmLNVqqZVvBCtRblXb5FHmtS8FxnqCzYP4WFvz3T0TcrOqwLX1M/DQvcHaGGw0B0y4bZMs7lVScGBFxMj3vbFi2SRKbKhaitxHfYHAOAa0X7/MSS0RNAjdwoyGHeOepXOKY+h3iHeqCvgOH6LOifdHf/1aaZNwSkGotYnYScW8Yx63LnSwba7+hESrtPa/huRmB9KWvMCKbDThL/nne14hnL277EDCSocPu3rOSYjuB9gKSOdVmWsj9Dxb/iZIe+S6AiG29Esm+/eUacSba0k8wn5HhHg9d4tIcixrxveflc8vi2/wNQGVFNsGO6tB5WF0xf/plngOvQ1/ivGV/C1Qpdhzznh0ExAVJ6dwzNg7qIEBaw+BzTJTUuRcPk92Sn6QDn2Pu3mpONaEumacjW4w6ipPnPw+g2TfywJjeEcpSZaP4Q3YV5HG8D6UjWA4GSkBKculWpdCMadx0usMomsSS/74QgpYqcPkmamB4nVv1JxczYITIqItIKjD35IGKAUwAA==";

    /** Message types of AddMsgList entries. */
    public static final int MSG_TEXT = 1;
    public static final int MSG_IMAGE = 3;
    public static final int MSG_STATUS_NOTIFY = 51;
    public static final int MSG_SYSTEM = 10000;
    public static final int MSG_RECALL = 10002;

    /** U+2005 (four-per-em space): WeChat puts it after "@name" in a mention. */
    public static final char MENTION_SPACE = '\u2005';
}
