package dev.zoomtoken.internal.auth;

import java.time.Duration;
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

    /**
     * How long before its expiry a token that lives {@code lifetime} is retired: {@code maxSkew}, but at most a tenth
     * of the lifetime, so that a short-lived token is used for most of its life instead of being refreshed at once.
     */
    public static Duration refreshSkew(Duration lifetime, Duration maxSkew) {
        Duration tenth = lifetime.isNegative() ? Duration.ZERO : lifetime.dividedBy(10);
        return maxSkew.compareTo(tenth) <= 0 ? maxSkew : tenth;
    }

    @Override
    public String toString() {
        return "AccessToken[value=" + Secrets.mask(value) + ", expiresAt=" + expiresAt + "]";
    }
}
