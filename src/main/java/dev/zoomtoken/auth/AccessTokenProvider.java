package dev.zoomtoken.auth;

import io.smallrye.mutiny.Uni;

/**
 * Supplies the access token sent to Zoom as {@code Authorization: Bearer}. Implementations must not block: the token
 * is asked for on the I/O thread of each call.
 */
public interface AccessTokenProvider {

    /** The token to use now; fails with a {@link dev.zoomtoken.ZoomUserTokenException} when there is none. */
    Uni<AccessToken> accessToken();

    /**
     * Zoom rejected {@code accessToken} (401 or code 124). A provider that can get new tokens stops using it, but only
     * if it is still the current one, so a token fetched meanwhile is kept.
     */
    default void rejected(String accessToken) {
    }

    /** Whether a call rejected with 401 or code 124 is worth one more try, because a new token can be fetched. */
    default boolean renewable() {
        return false;
    }
}
