package dev.zoomtoken.internal.auth;

import io.smallrye.mutiny.Uni;

/**
 * One set of credentials for calls to Zoom: the account's (a static token or Server-to-Server OAuth) or one connected
 * user's. A call asks for a token, sends exactly that one and, when Zoom rejects it, reports exactly that one.
 * Implementations must not block: the token is asked for on the I/O thread of each call.
 */
public interface AccessTokenProvider {

    /**
     * The Zoom account these credentials act in: the key of the rate budget their calls spend. An account id or
     * another stable name, never a user id, an email or a secret.
     */
    String account();

    /** The token to use now; fails with a {@link dev.zoomtoken.model.ZoomUserTokenException} when there is none. */
    Uni<AccessToken> accessToken();

    /**
     * Zoom rejected {@code accessToken} (401 or code 124). A provider that can get new tokens stops using it, but only
     * if it is still the current one, so a token fetched meanwhile is kept.
     */
    default void rejected(AccessToken accessToken) {
    }

    /** Whether a call rejected with 401 or code 124 is worth one more try, because a new token can be fetched. */
    default boolean renewable() {
        return false;
    }
}
