package dev.zoomtoken.model;

import java.time.Instant;

/**
 * A token Zoom issued for a user. {@link #toString()} never shows the token itself.
 *
 * @param type       the token type that was requested
 * @param value      the token; never null (a null token from Zoom raises {@link ZoomNullTokenException})
 * @param expiresAt  when the token expires if a ttl was requested, else null (Zoom's default lifetime applies)
 * @param trackingId Zoom's {@code x-zm-trackingid} for the call, or null if Zoom sent none
 */
public record UserToken(TokenType type, String value, Instant expiresAt, String trackingId) {

    @Override
    public String toString() {
        return "UserToken[type=" + type + ", value=" + Secrets.mask(value) + ", expiresAt=" + expiresAt
                + ", trackingId=" + trackingId + "]";
    }
}
