package dev.zoomtoken.internal.connection;

import java.time.Instant;

/** An authorization in progress, taken by its state once: whose it is and its PKCE verifier (never shown). */
public record PendingAuthorization(String principal, String codeVerifier, Instant expiresAt) {

    @Override
    public String toString() {
        return "PendingAuthorization[expiresAt=" + expiresAt + ", codeVerifier=<hidden>]";
    }
}
