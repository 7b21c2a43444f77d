package dev.zoomtoken.model;

import java.time.Instant;

/**
 * A caller's connection to a Zoom user, as it may be shown: never a token.
 *
 * @param status {@code active}, or {@code reauthorization_required} when Zoom refused its refresh token
 * @param scopes the scopes the user granted, space-separated, as Zoom reported them
 */
public record ConnectionInfo(String zoomUserId, String zoomAccountId, String scopes, String status,
        Instant connectedAt) {
}
