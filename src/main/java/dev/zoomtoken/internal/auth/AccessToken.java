package dev.zoomtoken.internal.auth;

import java.time.Instant;

import dev.zoomtoken.model.Secrets;

/**
 * An access token for Zoom's API. {@link #toString()} never shows the value.
 *
 * @param value     the bearer token
 * @param expiresAt when Zoom stops accepting it, or null if unknown (a configured static token)
 */
public record AccessToken(String value, Instant expiresAt) {

    /** The {@code Authorization} header value that sends it. */
    public String authorization() {
        return "Bearer " + value;
    }

    @Override
    public String toString() {
        return "AccessToken[value=" + Secrets.mask(value) + ", expiresAt=" + expiresAt + "]";
    }
}
