package dev.zoomtoken.internal.auth;

import io.smallrye.mutiny.Uni;

/**
 * The access token configured as {@code zoom.access-token} ({@code ZOOM_ACCESS_TOKEN}), sent as it is. It is never
 * refreshed: when Zoom stops accepting it, calls fail with {@link dev.zoomtoken.model.ZoomAuthenticationException}.
 */
public final class StaticAccessToken implements AccessTokenProvider {

    /** The budget key of a static token, whose account the module does not know. */
    public static final String ACCOUNT = "static-token";

    private final Uni<AccessToken> token;

    public StaticAccessToken(String value) {
        this.token = Uni.createFrom().item(new AccessToken(value, null));
    }

    @Override
    public String account() {
        return ACCOUNT;
    }

    @Override
    public Uni<AccessToken> accessToken() {
        return token;
    }
}
