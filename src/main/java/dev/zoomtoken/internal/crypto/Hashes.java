package dev.zoomtoken.internal.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256, the one hash of the module: of states and confirmation codes kept in the database, of webhook signatures
 * remembered, of user ids in logs, of account names in Redis keys, of encryption keys for their ids. One digest per
 * thread, so hashing on every request allocates no provider lookup.
 */
public final class Hashes {

    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(Hashes::newSha256);

    private Hashes() {
    }

    /** SHA-256 of {@code bytes}. */
    public static byte[] sha256(byte[] bytes) {
        return SHA_256.get().digest(bytes);
    }

    /** SHA-256 of {@code text} as UTF-8, in lower-case hex (64 digits). */
    public static String sha256Hex(String text) {
        return HexFormat.of().formatHex(sha256(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The first {@code bytes} bytes of SHA-256 of {@code text} as UTF-8, in lower-case hex. */
    public static String sha256HexPrefix(String text, int bytes) {
        return HexFormat.of().formatHex(sha256(text.getBytes(StandardCharsets.UTF_8)), 0, bytes);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", impossible);
        }
    }
}
