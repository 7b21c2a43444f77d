package dev.zoomtoken.internal.connection;

import java.util.Optional;

/**
 * What Zoom approved for an authorization, taken once by its confirmation code: the connection to store, or, when the
 * scopes granted mint no token, only those scopes (its grant was revoked at the callback and nothing else was kept).
 *
 * @param principal  the caller who started the authorization
 * @param scopes     the scopes granted, space-separated, as Zoom reported them
 * @param connection the connection, empty for a consent whose scopes mint no token
 */
public record ApprovedAuthorization(String principal, String scopes, Optional<NewConnection> connection) {
}
