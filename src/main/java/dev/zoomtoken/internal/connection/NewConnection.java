package dev.zoomtoken.internal.connection;

import java.time.Instant;

import dev.zoomtoken.internal.auth.OAuthTokenResponse;

/** A connection just authorized: what the code exchange and {@code GET /users/me} returned. Tokens never shown. */
public record NewConnection(String principal, String zoomUserId, String zoomAccountId, String scopes,
        String refreshToken, String accessToken, Instant accessTokenExpiresAt) {

    /**
     * The connection of {@code principal} from Zoom's answers to its authorization: the code exchange, sent at
     * {@code requestedAt}, and {@code GET /users/me}.
     *
     * @throws dev.zoomtoken.model.ZoomMalformedResponseException when a value Zoom sent cannot be stored
     */
    public static NewConnection authorized(String principal, OAuthTokenResponse tokens, String zoomUserId,
            String zoomAccountId, Instant requestedAt) {
        GrantValues.tokens(tokens);
        return new NewConnection(principal, GrantValues.zoomId(zoomUserId, "user id"),
                GrantValues.zoomId(zoomAccountId, "account_id"), GrantValues.scopes(tokens.scope()),
                tokens.refreshToken(), tokens.accessToken(), tokens.expiresAt(requestedAt));
    }

    @Override
    public String toString() {
        return "NewConnection[zoomUserId=" + zoomUserId + ", zoomAccountId=" + zoomAccountId + ", tokens=<hidden>]";
    }
}
