package dev.zoomtoken.internal.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets that must be kept outside this process (a shared access token in Redis): AES-256-GCM with a random
 * 96-bit nonce, under a key derived with HKDF-SHA256 from a secret the process already holds. Each sealed value is
 * bound to a context string (its storage key, say) as associated data, so a value copied under another key does not
 * open. A value that was tampered with, or sealed under another key, does not open either.
 */
public final class SecretBox {

    private static final String CIPHER = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private SecretBox(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /**
     * A box whose key is HKDF-SHA256 (RFC 5869) of {@code secret}, with {@code purpose} as the info, so one secret
     * gives independent keys for independent uses.
     */
    public static SecretBox derivedFrom(String secret, String purpose) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("A key needs a non-empty secret");
        }
        byte[] salt = "zoom-user-token/secret-box/v1".getBytes(StandardCharsets.UTF_8);
        byte[] pseudoRandomKey = hmac(salt, secret.getBytes(StandardCharsets.UTF_8));
        byte[] info = (purpose + "\u0001").getBytes(StandardCharsets.UTF_8);
        byte[] okm = hmac(pseudoRandomKey, info);
        Arrays.fill(pseudoRandomKey, (byte) 0);
        return new SecretBox(okm);
    }

    /** {@code plaintext} encrypted and bound to {@code context}, as base64url text. */
    public String seal(String plaintext, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(CIPHER);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The plaintext of a value {@link #seal sealed} by this box for {@code context}; empty for anything else. */
    public Optional<String> open(String sealed, String context) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(sealed);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        if (bytes.length <= NONCE_BYTES + TAG_BITS / 8) {
            return Optional.empty();
        }
        try {
            Cipher cipher = Cipher.getInstance(CIPHER);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
            return Optional.of(new String(plain, StandardCharsets.UTF_8));
        } catch (GeneralSecurityException tamperedOrOtherKey) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "SecretBox[AES-256-GCM, key=<hidden>]";
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
