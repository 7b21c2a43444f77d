package dev.zoomtoken.internal.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script that {@link RedisStore} runs with {@code EVALSHA}, loading it again when Redis answers
 * {@code NOSCRIPT} (after a restart or a failover).
 *
 * @param name   what it does, for log lines
 * @param source the Lua source
 * @param sha1   its SHA-1, the name Redis keeps it under
 */
public record RedisScript(String name, String source, String sha1) {

    /** The script {@code source}, named {@code name}. */
    public static RedisScript of(String name, String source) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
            return new RedisScript(name, source, HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }
}
