package dev.halfday.engine.bot.wecom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WeComMediaCipherTest {

    static byte[] resource(String path) throws IOException {
        try (InputStream in = WeComMediaCipherTest.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void decryptsWhatNodeCryptoEncryptedTheWeComWay() throws IOException {
        // rocket.jpg.enc was made by make-fixture.mjs with Node's crypto (and checked with the SDK's decryptFile).
        byte[] encrypted = resource("/wecom/rocket.jpg.enc");
        String key = new String(resource("/wecom/rocket.jpg.aeskey"), StandardCharsets.US_ASCII).trim();
        byte[] original = resource("/halfday/resources/samples/rocket.jpg");

        assertThat(key).hasSize(43); // WeCom's unpadded Base64
        assertThat(WeComMediaCipher.decrypt(encrypted, key)).isEqualTo(original);
    }

    @Test
    void padsToThirtyTwoByteBlocksAndRoundTrips() throws IOException {
        byte[] key = new byte[32];
        for (int i = 0; i < 32; i++) {
            key[i] = (byte) (i * 7 + 3);
        }
        for (int len : new int[]{0, 1, 15, 16, 31, 32, 33, 1000}) {
            byte[] plain = new byte[len];
            Arrays.fill(plain, (byte) 0x5a);
            byte[] enc = WeComMediaCipher.encrypt(plain, key);
            assertThat(enc.length % 32).as("length for %d", len).isZero();
            assertThat(enc.length).isGreaterThan(len); // always at least one padding byte
            assertThat(WeComMediaCipher.decrypt(enc, WeComMediaCipher.encodeKey(key))).isEqualTo(plain);
        }
    }

    @Test
    void wrongKeyOrDamagedDataFailsInPlainWords() throws IOException {
        byte[] encrypted = resource("/wecom/rocket.jpg.enc");
        String otherKey = WeComMediaCipher.encodeKey(new byte[32]);

        assertThatThrownBy(() -> WeComMediaCipher.decrypt(encrypted, otherKey))
                .isInstanceOf(IOException.class).hasMessageContaining("wrong aeskey or damaged download");
        assertThatThrownBy(() -> WeComMediaCipher.decrypt(Arrays.copyOf(encrypted, 1000), otherKey))
                .isInstanceOf(IOException.class).hasMessageContaining("not a whole number of AES blocks");
        assertThatThrownBy(() -> WeComMediaCipher.decrypt(encrypted, "c2hvcnQ"))
                .isInstanceOf(IOException.class).hasMessageContaining("expected 32");
        assertThatThrownBy(() -> WeComMediaCipher.decrypt(encrypted, "not base64!"))
                .isInstanceOf(IOException.class).hasMessageContaining("not valid Base64");
    }
}
