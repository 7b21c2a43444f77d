package dev.zoomtoken.internal.connection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

/** Moves a connection's row on as time would, so that tests need not wait for a token to expire. */
public final class ConnectionRows {

    private ConnectionRows() {
    }

    /** Makes the stored access token of {@code principal}'s connection one that expired a second ago (database time). */
    public static void expireAccessToken(DataSource database, String principal) {
        try (Connection jdbc = database.getConnection(); PreparedStatement update = jdbc.prepareStatement(
                "UPDATE " + ConnectionStore.CONNECTIONS + " SET access_token_expires_at = " + ConnectionStore.NOW_PLUS
                        + " WHERE principal = ?")) {
            update.setLong(1, -1000);
            update.setString(2, principal);
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("no connection to expire");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
