package dev.halfday.engine.bot.wecom;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The encryption WeCom puts on files it hands to an AI bot over the long connection: every image (or file)
 * message carries its own {@code aeskey} (Base64 of 32 bytes, WeCom often leaves off the '=' padding); the
 * download is AES-256-CBC with IV = the key's first 16 bytes and PKCS#7 padding to a multiple of
 * <b>32</b> bytes (not AES's 16), so the padding is checked by hand rather than by the JCE.
 */
public final class WeComMediaCipher {

    /** PKCS#7 block size WeCom pads to. */
    static final int PAD_BLOCK = 32;
    private static final int KEY_BYTES = 32;

    private WeComMediaCipher() {
    }

    /** Decodes an {@code aeskey} field; throws with a plain message if it is not 32 bytes of Base64. */
    public static byte[] decodeKey(String aesKey) throws IOException {
        if (aesKey == null || aesKey.isBlank()) {
            throw new IOException("the message carries no aeskey, so its image cannot be decrypted");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(aesKey.trim());
        } catch (IllegalArgumentException e) {
            throw new IOException("the message's aeskey is not valid Base64");
        }
        if (key.length != KEY_BYTES) {
            throw new IOException("the message's aeskey is " + key.length + " bytes, expected 32 (AES-256)");
        }
        return key;
    }

    /** Decrypts a downloaded payload; throws with a plain message when the data or key is wrong. */
    public static byte[] decrypt(byte[] encrypted, String aesKey) throws IOException {
        byte[] key = decodeKey(aesKey);
        if (encrypted.length == 0 || encrypted.length % 16 != 0) {
            throw new IOException("the downloaded image is " + encrypted.length
                    + " bytes, not a whole number of AES blocks: it is damaged or not encrypted");
        }
        byte[] plain;
        try {
            plain = cipher(Cipher.DECRYPT_MODE, key).doFinal(encrypted);
        } catch (GeneralSecurityException e) {
            throw new IOException("could not decrypt the image: " + e.getMessage(), e);
        }
        int pad = plain[plain.length - 1] & 0xff;
        if (pad < 1 || pad > PAD_BLOCK || pad > plain.length) {
            throw new IOException("the image did not decrypt cleanly (bad padding): wrong aeskey or damaged download");
        }
        for (int i = plain.length - pad; i < plain.length; i++) {
            if ((plain[i] & 0xff) != pad) {
                throw new IOException("the image did not decrypt cleanly (bad padding): wrong aeskey or damaged download");
            }
        }
        return Arrays.copyOf(plain, plain.length - pad);
    }

    /** Encrypts as WeCom does; the simulator serves images this way. */
    public static byte[] encrypt(byte[] plain, byte[] key) {
        int pad = PAD_BLOCK - plain.length % PAD_BLOCK;
        byte[] padded = Arrays.copyOf(plain, plain.length + pad);
        Arrays.fill(padded, plain.length, padded.length, (byte) pad);
        try {
            return cipher(Cipher.ENCRYPT_MODE, key).doFinal(padded);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-CBC is unavailable in this JVM", e);
        }
    }

    /** Base64 without the trailing '=', the way WeCom writes its 43-character keys. */
    public static String encodeKey(byte[] key) {
        return Base64.getEncoder().withoutPadding().encodeToString(key);
    }

    private static Cipher cipher(int mode, byte[] key) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
        c.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
        return c;
    }
}
