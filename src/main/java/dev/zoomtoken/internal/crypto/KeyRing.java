package dev.zoomtoken.internal.crypto;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Encrypts values kept at rest (connection tokens in the database) under a configured 256-bit key, with earlier keys
 * still readable so that the key can be rotated. Each sealed value names its key: {@code v1.<key id>.<AES-GCM>}, the
 * key id being a digest of the key (it reveals nothing of it). Values are bound to a context (the row and column they
 * belong to), so a value copied elsewhere does not open.
 */
public final class KeyRing {

    private static final String VERSION = "v1";
    private static final String PURPOSE = "zoom-user-token/key-ring/v1";

    private final String currentId;
    private final Map<String, SecretBox> boxes;

    private KeyRing(String currentId, Map<String, SecretBox> boxes) {
        this.currentId = currentId;
        this.boxes = boxes;
    }

    /**
     * A ring that seals with {@code current} and opens values sealed with it or any of {@code previous}.
     *
     * @param setting the configuration property the keys come from, for error messages
     * @throws IllegalArgumentException when a key is not base64 of exactly 32 bytes (the message names no key)
     */
    public static KeyRing of(String current, List<String> previous, String setting) {
        Map<String, SecretBox> boxes = new LinkedHashMap<>();
        String currentId = add(boxes, current, setting);
        for (String key : previous) {
            add(boxes, key, setting + " (a previous key)");
        }
        return new KeyRing(currentId, boxes);
    }

    /** {@code plaintext} sealed with the current key and bound to {@code context}. */
    public String seal(String plaintext, String context) {
        return VERSION + '.' + currentId + '.' + boxes.get(currentId).seal(plaintext, context);
    }

    /** The plaintext of a value this ring sealed for {@code context}; empty if its key is unknown or it was changed. */
    public Optional<String> open(String sealed, String context) {
        String[] parts = sealed == null ? new String[0] : sealed.split("\\.", 3);
        if (parts.length != 3 || !VERSION.equals(parts[0]) || !boxes.containsKey(parts[1])) {
            return Optional.empty();
        }
        return boxes.get(parts[1]).open(parts[2], context);
    }

    /** Whether {@code sealed} is under an earlier key, and should be sealed again with the current one. */
    public boolean isStale(String sealed) {
        return sealed != null && !sealed.startsWith(VERSION + '.' + currentId + '.');
    }

    /** The current key's id, as stored in sealed values. */
    public String currentKeyId() {
        return currentId;
    }

    /** The ids of every key the ring can open, current first. */
    public List<String> keyIds() {
        return new ArrayList<>(boxes.keySet());
    }

    @Override
    public String toString() {
        return "KeyRing[AES-256-GCM, current key " + currentId + ", " + boxes.size() + " key(s), keys=<hidden>]";
    }

    private static String add(Map<String, SecretBox> boxes, String key, String setting) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(key == null ? "" : key.strip());
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalArgumentException(setting + " is not base64; make one with: openssl rand -base64 32");
        }
        if (raw.length != 32) {
            throw new IllegalArgumentException(setting + " must be 32 bytes, base64 (it has " + raw.length
                    + "); make one with: openssl rand -base64 32");
        }
        String id = keyId(raw);
        boxes.putIfAbsent(id, SecretBox.derivedFrom(Base64.getEncoder().encodeToString(raw), PURPOSE));
        return id;
    }

    private static String keyId(byte[] raw) {
        byte[] prefix = "zoom-user-token/key-id/v1".getBytes(StandardCharsets.UTF_8);
        byte[] input = new byte[prefix.length + raw.length];
        System.arraycopy(prefix, 0, input, 0, prefix.length);
        System.arraycopy(raw, 0, input, prefix.length, raw.length);
        return HexFormat.of().formatHex(Hashes.sha256(input), 0, 4);
    }
}
