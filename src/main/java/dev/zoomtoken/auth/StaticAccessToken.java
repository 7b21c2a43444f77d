package dev.zoomtoken.auth;

import jakarta.enterprise.context.ApplicationScoped;

import dev.zoomtoken.ZoomNotConfiguredException;
import dev.zoomtoken.config.ZoomConfig;
import io.smallrye.mutiny.Uni;

/**
 * The access token configured as {@code zoom.access-token} ({@code ZOOM_ACCESS_TOKEN}), sent as it is. It is never
 * refreshed: when Zoom stops accepting it, calls fail with {@link dev.zoomtoken.ZoomAuthenticationException}.
 */
@ApplicationScoped
public class StaticAccessToken implements AccessTokenProvider {

    private final Uni<AccessToken> token;

    StaticAccessToken(ZoomConfig config) {
        this.token = config.accessToken()
                .filter(value -> !value.isBlank())
                .map(value -> Uni.createFrom().item(new AccessToken(value.trim(), null)))
                .orElseGet(() -> Uni.createFrom().failure(() -> new ZoomNotConfiguredException(
                        "No Zoom access token is configured: set ZOOM_ACCESS_TOKEN (zoom.access-token)")));
    }

    @Override
    public Uni<AccessToken> accessToken() {
        return token;
    }
}
