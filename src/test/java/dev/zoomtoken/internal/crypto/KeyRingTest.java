package dev.zoomtoken.internal.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class KeyRingTest {

    private static final String CURRENT = key('c');
    private static final String PREVIOUS = key('p');

    private static String key(char fill) {
        return Base64.getEncoder().encodeToString(String.valueOf(fill).repeat(32).getBytes());
    }

    @Test
    void aSealedValueOpensOnlyForItsContextAndNamesItsKey() {
        KeyRing ring = KeyRing.of(CURRENT, List.of(), "setting");
        String sealed = ring.seal("refresh-token-1", "row-a/refresh_token");

        assertTrue(sealed.startsWith("v1." + ring.currentKeyId() + "."), sealed);
        assertFalse(sealed.contains("refresh-token-1"));
        assertEquals(Optional.of("refresh-token-1"), ring.open(sealed, "row-a/refresh_token"));
        assertEquals(Optional.empty(), ring.open(sealed, "row-b/refresh_token"));
        assertEquals(Optional.empty(),
                ring.open(sealed.substring(0, sealed.length() - 2) + "AA", "row-a/refresh_token"));
        assertEquals(Optional.empty(), ring.open("plain text", "row-a/refresh_token"));
        assertEquals(Optional.empty(), ring.open(null, "row-a/refresh_token"));
        assertNotEquals(sealed, ring.seal("refresh-token-1", "row-a/refresh_token"), "a fresh nonce each time");
    }

    @Test
    void afterARotationOldValuesStillOpenAndAreKnownAsStale() {
        String old = KeyRing.of(PREVIOUS, List.of(), "setting").seal("token", "ctx");
        KeyRing rotated = KeyRing.of(CURRENT, List.of(PREVIOUS), "setting");

        assertEquals(Optional.of("token"), rotated.open(old, "ctx"));
        assertTrue(rotated.isStale(old));
        assertFalse(rotated.isStale(rotated.seal("token", "ctx")));
        assertEquals(2, rotated.keyIds().size());
        assertEquals(Optional.empty(), KeyRing.of(CURRENT, List.of(), "setting").open(old, "ctx"),
                "without the previous key it does not open");
    }

    @Test
    void badKeysAreRefusedWithTheSettingNamedAndTheKeyNotEchoed() {
        String notBase64 = "secret-but-not-base64!";
        IllegalArgumentException first = assertThrows(IllegalArgumentException.class,
                () -> KeyRing.of(notBase64, List.of(), "ZOOM_USER_OAUTH_ENCRYPTION_KEY"));
        assertTrue(first.getMessage().contains("ZOOM_USER_OAUTH_ENCRYPTION_KEY"));
        assertFalse(first.getMessage().contains(notBase64));

        String short16 = Base64.getEncoder().encodeToString(new byte[16]);
        IllegalArgumentException second = assertThrows(IllegalArgumentException.class,
                () -> KeyRing.of(CURRENT, List.of(short16), "ZOOM_USER_OAUTH_ENCRYPTION_KEY"));
        assertTrue(second.getMessage().contains("32 bytes") && second.getMessage().contains("previous"),
                second.getMessage());
        assertFalse(second.getMessage().contains(short16));
    }

    @Test
    void toStringShowsNoKey() {
        KeyRing ring = KeyRing.of(CURRENT, List.of(PREVIOUS), "setting");
        assertFalse(ring.toString().contains(CURRENT) || ring.toString().contains(PREVIOUS), ring.toString());
    }
}
