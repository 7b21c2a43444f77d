package dev.zoomtoken.internal.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class SecretBoxTest {

    private final SecretBox box = SecretBox.derivedFrom("client-secret-1", "purpose-a");

    @Test
    void aSealedValueOpensOnlyWithTheSameKeyPurposeAndContext() {
        String sealed = box.seal("access-token-value", "key-1");

        assertEquals(Optional.of("access-token-value"), box.open(sealed, "key-1"));
        assertFalse(sealed.contains("access-token-value"));
        assertEquals(Optional.empty(), box.open(sealed, "key-2"), "bound to its context");
        assertEquals(Optional.empty(), SecretBox.derivedFrom("client-secret-2", "purpose-a").open(sealed, "key-1"));
        assertEquals(Optional.empty(), SecretBox.derivedFrom("client-secret-1", "purpose-b").open(sealed, "key-1"));
    }

    @Test
    void eachSealIsFreshAndTamperingIsDetected() {
        String first = box.seal("same", "k");
        assertNotEquals(first, box.seal("same", "k"), "a random nonce per seal");

        byte[] bytes = Base64.getUrlDecoder().decode(first);
        bytes[bytes.length - 1] ^= 1;
        assertEquals(Optional.empty(), box.open(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), "k"));
        assertEquals(Optional.empty(), box.open("not base64 !", "k"));
        assertEquals(Optional.empty(), box.open("", "k"));
    }

    @Test
    void noKeyFromAnEmptySecretAndNoKeyInToString() {
        assertThrows(IllegalArgumentException.class, () -> SecretBox.derivedFrom("", "p"));
        assertTrue(box.toString().contains("<hidden>"));
        assertFalse(box.toString().contains("client-secret-1"));
    }
}
