package dev.zoomtoken.model;

import java.time.Duration;

/**
 * An authorization Zoom completed, waiting for its caller: the single-use {@code code} that the browser coming back
 * from Zoom carries to the application, which confirms it as the caller who started the authorization
 * ({@code ZoomConnections.confirm}). Valid for {@code expiresIn}. {@link #toString()} leaves the code out.
 */
public record ConnectionConfirmation(String code, Duration expiresIn) {

    @Override
    public String toString() {
        return "ConnectionConfirmation[code=<hidden>, expiresIn=" + expiresIn + "]";
    }
}
