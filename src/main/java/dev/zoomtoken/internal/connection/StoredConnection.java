package dev.zoomtoken.internal.connection;

import java.time.Instant;
import java.util.Optional;

/**
 * One connection as stored: the caller principal it belongs to, the Zoom user who authorized the app, and that user's
 * tokens (decrypted). All its times are the database's. {@code version} grows with every change, for
 * compare-and-swap updates. Tokens never show in
 * {@link #toString()}.
 *
 * @param accessToken          empty when none is kept (after a reauthorization mark, say)
 * @param accessTokenExpiresAt when {@code accessToken} expires; empty with it
 * @param updatedAt            when the row last changed: for an active connection, when its tokens were written
 * @param readAt               the database's time when the row was read: what its times are compared with
 */
public record StoredConnection(String principal, String zoomUserId, String zoomAccountId, String scopes,
        ConnectionStatus status, Instant connectedAt, long version, String refreshToken, Optional<String> accessToken,
        Optional<Instant> accessTokenExpiresAt, Instant updatedAt, Instant readAt) {

    /** Whose it is and which Zoom user it reaches. */
    public ConnectionIds ids() {
        return new ConnectionIds(principal, zoomUserId, zoomAccountId);
    }

    @Override
    public String toString() {
        return "StoredConnection[zoomUserId=" + zoomUserId + ", zoomAccountId=" + zoomAccountId + ", status="
                + status.value() + ", version=" + version + ", tokens=<hidden>]";
    }
}
