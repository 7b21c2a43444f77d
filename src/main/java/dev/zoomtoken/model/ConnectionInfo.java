package dev.zoomtoken.model;

import java.time.Instant;
import java.util.Set;

/**
 * A caller's connection to a Zoom user, as it may be shown: never a token.
 *
 * @param scopes     the scopes the user granted, space-separated, as Zoom reported them
 * @param status     {@code active}, or {@code reauthorization_required} when Zoom refused its refresh token
 * @param tokenTypes the token types the connection can mint with those scopes ({@link ConnectionScopes})
 */
public record ConnectionInfo(String zoomUserId, String zoomAccountId, String scopes, String status,
        Instant connectedAt, Set<TokenType> tokenTypes) {

    public ConnectionInfo {
        tokenTypes = Set.copyOf(tokenTypes);
    }
}
