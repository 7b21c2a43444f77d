package dev.zoomtoken.internal.crypto;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable single-use values (OAuth states, PKCE verifiers, confirmation codes): 256 random bits, base64url. */
public final class RandomTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomTokens() {
    }

    /** A new value: 43 characters of {@code A-Z a-z 0-9 - _}. */
    public static String next() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
