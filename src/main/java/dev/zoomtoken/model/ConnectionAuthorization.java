package dev.zoomtoken.model;

import java.net.URI;
import java.time.Duration;

/**
 * Where to send a user's browser to connect their Zoom account: Zoom's authorization page with a single-use state
 * and a PKCE challenge, valid for {@code expiresIn}. {@link #toString()} leaves out the URL (its state completes the
 * authorization).
 */
public record ConnectionAuthorization(URI authorizeUrl, Duration expiresIn) {

    @Override
    public String toString() {
        return "ConnectionAuthorization[authorizeUrl=<hidden>, expiresIn=" + expiresIn + "]";
    }
}
