package dev.zoomtoken.internal.connection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

/** Moves a connection's row on as time would, so that tests need not wait for a token to expire. */
public final class ConnectionRows {

    private ConnectionRows() {
    }

    /** Makes {@code principal}'s stored access token one that expired a second ago (database time). */
    public static void expireAccessToken(DataSource database, String principal) {
        try (Connection jdbc = database.getConnection();
                PreparedStatement update = jdbc.prepareStatement(
                        "UPDATE " + ConnectionStore.CONNECTIONS + " SET access_token_expires_at = "
                                + ConnectionStore.NOW_PLUS
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

    /** Makes {@code principal}'s connection one whose tokens were last written {@code idleFor} ago (database time). */
    public static void makeIdle(DataSource database, String principal, java.time.Duration idleFor) {
        try (Connection jdbc = database.getConnection();
                PreparedStatement update = jdbc.prepareStatement(
                        "UPDATE " + ConnectionStore.CONNECTIONS + " SET updated_at = " + ConnectionStore.NOW_PLUS
                                + " WHERE principal = ?")) {
            update.setLong(1, -idleFor.toMillis());
            update.setString(2, principal);
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("no connection to make idle");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The replica holding the claim on refreshing {@code principal}'s connection, null when none does. */
    public static String refreshOwner(DataSource database, String principal) {
        try (Connection jdbc = database.getConnection();
                PreparedStatement select = jdbc.prepareStatement(
                        "SELECT refresh_owner FROM " + ConnectionStore.CONNECTIONS + " WHERE principal = ?")) {
            select.setString(1, principal);
            try (java.sql.ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("no connection");
                }
                return row.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lets the claim on refreshing {@code principal}'s connection run out, as its 30 s would (database time). */
    public static void expireRefreshClaim(DataSource database, String principal) {
        try (Connection jdbc = database.getConnection();
                PreparedStatement update = jdbc.prepareStatement(
                        "UPDATE " + ConnectionStore.CONNECTIONS + " SET refresh_until = " + ConnectionStore.NOW_PLUS
                                + " WHERE principal = ?")) {
            update.setLong(1, -1000);
            update.setString(2, principal);
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("no connection");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
