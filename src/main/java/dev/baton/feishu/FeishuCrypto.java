package dev.baton.feishu;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Feishu's callback security: bodies encrypted with AES-256-CBC under SHA-256 of the encrypt key (the IV is the
 * first 16 bytes of the decoded text), and a signature that is the hex SHA-256 of timestamp, nonce, encrypt key and
 * the raw body.
 */
final class FeishuCrypto {

    private FeishuCrypto() {
    }

    static String decrypt(String encryptKey, String encrypted) {
        try {
            byte[] data = Base64.getDecoder().decode(encrypted);
            if (data.length < 32) {
                throw new IllegalArgumentException("encrypted text too short");
            }
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(sha256(encryptKey.getBytes(StandardCharsets.UTF_8)),
                    "AES"), new IvParameterSpec(Arrays.copyOfRange(data, 0, 16)));
            return new String(cipher.doFinal(data, 16, data.length - 16), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot decrypt: " + e.getMessage(), e);
        }
    }

    /** The inverse of {@link #decrypt}, for tests and tools that play Feishu. */
    static String encrypt(String encryptKey, String plain, byte[] iv) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(sha256(encryptKey.getBytes(StandardCharsets.UTF_8)),
                    "AES"), new IvParameterSpec(iv));
            byte[] body = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[16 + body.length];
            System.arraycopy(iv, 0, out, 0, 16);
            System.arraycopy(body, 0, out, 16, body.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String signature(String timestamp, String nonce, String encryptKey, byte[] body) {
        byte[] head = (timestamp + nonce + encryptKey).getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return HexFormat.of().formatHex(sha256(all));
    }

    static boolean sameSignature(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.strip().getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
