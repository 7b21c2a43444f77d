package dev.zoomtoken.internal.connection;

import java.time.Instant;

/** A connection just authorized: what the code exchange and {@code GET /users/me} returned. Tokens never shown. */
public record NewConnection(String principal, String zoomUserId, String zoomAccountId, String scopes,
        String refreshToken, String accessToken, Instant accessTokenExpiresAt) {

    @Override
    public String toString() {
        return "NewConnection[zoomUserId=" + zoomUserId + ", zoomAccountId=" + zoomAccountId + ", tokens=<hidden>]";
    }
}
