package dev.zoomtoken.auth;

import java.time.Instant;

import dev.zoomtoken.Secrets;

/**
 * An access token for Zoom's API. {@link #toString()} never shows the value.
 *
 * @param value     the bearer token
 * @param expiresAt when Zoom stops accepting it, or null if unknown (a configured static token)
 */
public record AccessToken(String value, Instant expiresAt) {

    @Override
    public String toString() {
        return "AccessToken[value=" + Secrets.mask(value) + ", expiresAt=" + expiresAt + "]";
    }
}
