package dev.zoomtoken.internal.auth;

import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/**
 * Where replicas share their Server-to-Server access token. {@link #NONE}: every replica fetches its own;
 * {@link RedisTokenSharing}: one token for all, kept encrypted in Redis.
 */
interface TokenSharing {

    TokenSharing NONE = new TokenSharing() {
        @Override
        public Uni<OAuthTokenResponse> token(Supplier<Uni<OAuthTokenResponse>> tokenEndpoint) {
            return tokenEndpoint.get();
        }

        @Override
        public void rejected(String accessToken) {
        }
    };

    /** A token for the account: the shared one when there is one, else from {@code tokenEndpoint}. */
    Uni<OAuthTokenResponse> token(Supplier<Uni<OAuthTokenResponse>> tokenEndpoint);

    /** Zoom rejected {@code accessToken}: stop sharing it, if it is still the shared one. */
    void rejected(String accessToken);
}
