package dev.zoomtoken.internal.connection;

import java.time.Instant;

/**
 * An authorization in progress, taken by its state once: whose it is, its PKCE verifier (never shown), and the
 * database's time when it was taken (before the code is exchanged: the earliest the tokens can have been issued).
 */
public record PendingAuthorization(String principal, String codeVerifier, Instant takenAt) {

    @Override
    public String toString() {
        return "PendingAuthorization[takenAt=" + takenAt + ", codeVerifier=<hidden>]";
    }
}
