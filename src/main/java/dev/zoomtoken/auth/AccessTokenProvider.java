package dev.zoomtoken.auth;

import io.smallrye.mutiny.Uni;

/**
 * Supplies the access token sent to Zoom as {@code Authorization: Bearer}. Implementations must not block: the token
 * is asked for on the I/O thread of each call.
 */
public interface AccessTokenProvider {

    /** The token to use now; fails with a {@link dev.zoomtoken.ZoomUserTokenException} when there is none. */
    Uni<AccessToken> accessToken();
}
