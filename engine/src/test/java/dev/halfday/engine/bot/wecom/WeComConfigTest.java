package dev.halfday.engine.bot.wecom;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which gateway addresses the channel accepts: the Secret never goes out unencrypted over a network. */
class WeComConfigTest {

    @Test
    void wssIsAcceptedAnywhere() {
        assertThat(WeComConfig.of(URI.create("wss://openws.work.weixin.qq.com"), "bot", "secret").url().getHost())
                .isEqualTo("openws.work.weixin.qq.com");
        WeComConfig.checkUrl(URI.create("wss://10.0.0.5:8443/ws"));
    }

    @Test
    void plainWsIsAcceptedOnlyToThisComputer() {
        for (String local : new String[] {"ws://127.0.0.1:9001", "ws://localhost:9001", "ws://[::1]:9001", "ws://127.1.2.3:80"}) {
            WeComConfig.checkUrl(URI.create(local));
        }
        for (String remote : new String[] {"ws://10.0.0.5:9001", "ws://openws.work.weixin.qq.com", "ws://[2001:db8::1]:80",
                "ws://localhost.example.com:9001"}) {
            assertThatThrownBy(() -> WeComConfig.of(URI.create(remote), "bot", "secret")).as(remote)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("plain ws:// would send the Secret and every message unencrypted: use wss://")
                    .hasMessageEndingWith(remote);
        }
    }

    @Test
    void otherSchemesAreRefused() {
        assertThatThrownBy(() -> WeComConfig.checkUrl(URI.create("https://openws.work.weixin.qq.com")))
                .hasMessageStartingWith("the WeCom address must start with wss://");
    }
}
