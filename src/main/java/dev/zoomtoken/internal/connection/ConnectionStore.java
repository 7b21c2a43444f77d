package dev.zoomtoken.internal.connection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import dev.zoomtoken.internal.crypto.KeyRing;
import dev.zoomtoken.internal.tracing.ZoomTracing;

/**
 * The connections table, the authorizations in progress and those waiting for confirmation, over JDBC (PostgreSQL in
 * production, H2 in dev mode; the SQL is plain enough for both). Tokens and PKCE verifiers are sealed with the {@link
 * KeyRing} before they are written
 * and opened after they are read, each bound to its row and column. Every change of a connection raises its
 * {@code version}, and token updates are compare-and-swap on it, so that of two replicas refreshing one connection
 * exactly one writes. Every time the store writes or compares (refresh claims, token and authorization expiries,
 * connection and update times) is the database's own ({@code CURRENT_TIMESTAMP}, plus a lifetime in SQL), never a
 * replica's clock, so that replicas whose clocks disagree still agree on who holds a claim and what has expired.
 * Within a trace, each statement is one CLIENT span ({@link ZoomTracing#postgresql}) named by what it does, with its
 * verb and table but never the SQL or its values. Calls block: run them off the event loop.
 */
public final class ConnectionStore {

    static final String CONNECTIONS = "zoom_user_token_connection";
    static final String AUTHORIZATIONS = "zoom_user_token_authorization";
    static final String CONFIRMATIONS = "zoom_user_token_confirmation";
    static final String WEBHOOK_EVENTS = "zoom_user_token_webhook_event";
    /** The most authorizations one principal has in progress; starting another drops the oldest. */
    public static final int MAX_PENDING_AUTHORIZATIONS = 5;
    private static final String COLUMNS = "principal, zoom_user_id, zoom_account_id, scopes, status, connected_at, "
            + "version, refresh_token, access_token, access_token_expires_at, updated_at, CURRENT_TIMESTAMP";
    /** {@code CURRENT_TIMESTAMP} plus the milliseconds bound to its one parameter (a form PostgreSQL and H2 take). */
    static final String NOW_PLUS = "CURRENT_TIMESTAMP + CAST(? AS BIGINT) * INTERVAL '0.001' SECOND";

    private final DataSource dataSource;
    private final KeyRing keys;
    private final ZoomTracing tracing;

    /** A store whose statements are not traced. */
    public ConnectionStore(DataSource dataSource, KeyRing keys) {
        this(dataSource, keys, ZoomTracing.off());
    }

    /** A store whose statements are CLIENT spans of {@code tracing} when they run within a trace. */
    public ConnectionStore(DataSource dataSource, KeyRing keys, ZoomTracing tracing) {
        this.dataSource = dataSource;
        this.keys = keys;
        this.tracing = tracing;
    }

    /** The connection of {@code principal}, if there is one. */
    public Optional<StoredConnection> find(String principal) {
        return query("find-connection", CONNECTIONS,
                "SELECT " + COLUMNS + " FROM " + CONNECTIONS + " WHERE principal = ?", statement -> {
                    statement.setString(1, principal);
                    try (ResultSet row = statement.executeQuery()) {
                        return row.next() ? Optional.of(read(row)) : Optional.<StoredConnection>empty();
                    }
                });
    }

    /** Stores {@code connection}, replacing an earlier one of the same principal (its version moves on). */
    public StoredConnection save(NewConnection connection) {
        for (int attempt = 0; attempt < 2; attempt++) {
            try (Connection jdbc = dataSource.getConnection()) {
                if (update(jdbc, connection) || insert(jdbc, connection)) {
                    return find(connection.principal()).orElseThrow(() -> new ConnectionStoreException(
                            "The connection just saved was deleted at once", null));
                }
            } catch (SQLException e) {
                if (!isUniqueViolation(e)) { // else another save of the same principal inserted first: update it
                    throw new ConnectionStoreException("Saving a connection failed", e);
                }
            }
        }
        throw new ConnectionStoreException("Saving a connection failed: concurrent saves of the same principal", null);
    }

    /**
     * Replaces the tokens of {@code principal}'s connection if it is still at {@code expectedVersion}, and marks it
     * active; the access token expires {@code accessTokenValidFor} after the database's time of the write. Returns
     * false, changing nothing, when another update came first.
     */
    public boolean updateTokens(String principal, long expectedVersion, String refreshToken, String accessToken,
            Duration accessTokenValidFor) {
        return query("update-tokens", CONNECTIONS,
                "UPDATE " + CONNECTIONS + " SET refresh_token = ?, access_token = ?, access_token_expires_at = "
                        + NOW_PLUS + ", status = ?, version = version + 1, updated_at = CURRENT_TIMESTAMP, "
                        + "refresh_owner = NULL, refresh_until = NULL WHERE principal = ? AND version = ?",
                statement -> {
                    statement.setString(1, keys.seal(refreshToken, context(principal, "refresh_token")));
                    statement.setString(2, keys.seal(accessToken, context(principal, "access_token")));
                    statement.setLong(3, accessTokenValidFor.toMillis());
                    statement.setString(4, ConnectionStatus.ACTIVE.value());
                    statement.setString(5, principal);
                    statement.setLong(6, expectedVersion);
                    return statement.executeUpdate() == 1;
                });
    }

    /**
     * Claims the refresh of {@code principal}'s connection for {@code owner} for {@code hold} of the database's time,
     * if it is still at {@code expectedVersion} and nobody else holds an unexpired claim (by the database's clock).
     * The version does not move, so the claimant's {@link #updateTokens} lands unless the connection changed otherwise.
     */
    public boolean claimRefresh(String principal, long expectedVersion, String owner, Duration hold) {
        return query("claim-refresh", CONNECTIONS,
                "UPDATE " + CONNECTIONS + " SET refresh_owner = ?, refresh_until = " + NOW_PLUS
                        + " WHERE principal = ? AND version = ? AND (refresh_until IS NULL "
                        + "OR refresh_until < CURRENT_TIMESTAMP OR refresh_owner = ?)",
                statement -> {
                    statement.setString(1, owner);
                    statement.setLong(2, hold.toMillis());
                    statement.setString(3, principal);
                    statement.setLong(4, expectedVersion);
                    statement.setString(5, owner);
                    return statement.executeUpdate() == 1;
                });
    }

    /**
     * Up to {@code limit} active connections whose tokens were last written more than {@code idleFor} ago by the
     * database's clock and whose refresh nobody holds a claim on, the longest idle first.
     */
    public List<ConnectionIds> findIdle(Duration idleFor, int limit) {
        return query("find-idle", CONNECTIONS, "SELECT principal, zoom_user_id, zoom_account_id FROM " + CONNECTIONS
                + " WHERE status = ? "
                + "AND updated_at < CURRENT_TIMESTAMP - CAST(? AS BIGINT) * INTERVAL '0.001' SECOND "
                + "AND (refresh_until IS NULL OR refresh_until < CURRENT_TIMESTAMP) ORDER BY updated_at LIMIT ?",
                statement -> {
                    statement.setString(1, ConnectionStatus.ACTIVE.value());
                    statement.setLong(2, idleFor.toMillis());
                    statement.setInt(3, limit);
                    List<ConnectionIds> idle = new ArrayList<>();
                    try (ResultSet row = statement.executeQuery()) {
                        while (row.next()) {
                            idle.add(new ConnectionIds(row.getString(1), row.getString(2), row.getString(3)));
                        }
                    }
                    return idle;
                });
    }

    /** Gives up {@code owner}'s claim on the refresh (the refresh failed without changing anything). */
    public void releaseRefresh(String principal, String owner) {
        query("release-refresh", CONNECTIONS,
                "UPDATE " + CONNECTIONS + " SET refresh_owner = NULL, refresh_until = NULL WHERE principal = ? "
                        + "AND refresh_owner = ?",
                statement -> {
                    statement.setString(1, principal);
                    statement.setString(2, owner);
                    return statement.executeUpdate();
                });
    }

    /**
     * Marks {@code principal}'s connection as needing a new authorization, and forgets its access token, if it is
     * still at {@code expectedVersion}. The row stays (its owner sees the status); returns false when it changed.
     */
    public boolean markReauthorizationRequired(String principal, long expectedVersion) {
        return query("mark-reauthorization-required", CONNECTIONS, "UPDATE " + CONNECTIONS
                + " SET status = ?, access_token = NULL, access_token_expires_at = NULL, "
                + "version = version + 1, updated_at = CURRENT_TIMESTAMP, refresh_owner = NULL, refresh_until = NULL "
                + "WHERE principal = ? AND version = ?", statement -> {
                    statement.setString(1, ConnectionStatus.REAUTHORIZATION_REQUIRED.value());
                    statement.setString(2, principal);
                    statement.setLong(3, expectedVersion);
                    return statement.executeUpdate() == 1;
                });
    }

    /**
     * Remembers a verified webhook event, by the hash of its signature, until {@code expiresAt} (when its timestamp no
     * longer verifies anyway); deletes expired ones.
     *
     * @return false when the event was remembered already: a replay, which must not act again
     */
    public boolean rememberWebhookEvent(String signatureHash, Instant expiresAt) {
        deleteExpired(WEBHOOK_EVENTS);
        try (Connection jdbc = dataSource.getConnection()) {
            return query(jdbc, "remember-webhook-event", WEBHOOK_EVENTS, "INSERT INTO " + WEBHOOK_EVENTS
                    + " (signature_hash, expires_at) VALUES (?, ?)", statement -> {
                        statement.setString(1, signatureHash);
                        statement.setObject(2, utc(expiresAt));
                        return statement.executeUpdate() == 1;
                    });
        } catch (SQLException e) {
            if (isUniqueViolation(e)) {
                return false;
            }
            throw new ConnectionStoreException("Remembering a webhook event failed", e);
        }
    }

    /** Deletes {@code principal}'s connection; false when there was none. */
    public boolean delete(String principal) {
        return query("delete-connection", CONNECTIONS, "DELETE FROM " + CONNECTIONS + " WHERE principal = ?",
                statement -> {
                    statement.setString(1, principal);
                    return statement.executeUpdate() > 0;
                });
    }

    /**
     * Deletes the connections of the Zoom user {@code zoomUserId} made at or before {@code deauthorizedAt} (a
     * deauthorization: one made again after it, or after a replay of it, stays); the ones this call deleted.
     */
    public List<ConnectionIds> deleteByZoomUser(String zoomUserId, Instant deauthorizedAt) {
        List<ConnectionIds> found = query("find-by-zoom-user", CONNECTIONS,
                "SELECT principal, zoom_account_id FROM " + CONNECTIONS
                        + " WHERE zoom_user_id = ? AND connected_at <= ?",
                statement -> {
                    statement.setString(1, zoomUserId);
                    statement.setObject(2, utc(deauthorizedAt));
                    List<ConnectionIds> rows = new ArrayList<>();
                    try (ResultSet row = statement.executeQuery()) {
                        while (row.next()) {
                            rows.add(new ConnectionIds(row.getString(1), zoomUserId, row.getString(2)));
                        }
                    }
                    return rows;
                });
        List<ConnectionIds> deleted = new ArrayList<>();
        for (ConnectionIds connection : found) {
            boolean gone = query("delete-deauthorized", CONNECTIONS,
                    "DELETE FROM " + CONNECTIONS + " WHERE principal = ? AND zoom_user_id = ? "
                            + "AND connected_at <= ?",
                    statement -> {
                        statement.setString(1, connection.principal());
                        statement.setString(2, zoomUserId);
                        statement.setObject(3, utc(deauthorizedAt));
                        return statement.executeUpdate() == 1;
                    });
            if (gone) {
                deleted.add(connection);
            }
        }
        return deleted;
    }

    /**
     * Records an authorization in progress under the hash of its state, valid for {@code lifetime} of the database's
     * time, and deletes expired ones.
     *
     * @param stateHash the SHA-256 of the state, hex; the state itself is never stored
     */
    public void saveAuthorization(String stateHash, String principal, String codeVerifier, Duration lifetime) {
        deleteExpired(AUTHORIZATIONS);
        query("save-authorization", AUTHORIZATIONS,
                "INSERT INTO " + AUTHORIZATIONS
                        + " (state_hash, principal, code_verifier, expires_at) VALUES (?, ?, ?, "
                        + NOW_PLUS + ")",
                statement -> {
                    statement.setString(1, stateHash);
                    statement.setString(2, principal);
                    statement.setString(3, keys.seal(codeVerifier, authorizationContext(stateHash)));
                    statement.setLong(4, lifetime.toMillis());
                    return statement.executeUpdate();
                });
        query("trim-authorizations", AUTHORIZATIONS,
                "DELETE FROM " + AUTHORIZATIONS + " WHERE principal = ? AND state_hash NOT IN (SELECT state_hash FROM "
                        + AUTHORIZATIONS + " WHERE principal = ? ORDER BY expires_at DESC, state_hash DESC LIMIT "
                        + MAX_PENDING_AUTHORIZATIONS + ")",
                statement -> {
                    statement.setString(1, principal);
                    statement.setString(2, principal);
                    return statement.executeUpdate();
                });
    }

    /**
     * Takes the authorization recorded under {@code stateHash}: at most one caller ever gets it, and only before it
     * expires (by the database's clock). Empty for an unknown, used or expired state.
     */
    public Optional<PendingAuthorization> takeAuthorization(String stateHash) {
        Optional<PendingAuthorization> found = query("find-authorization", AUTHORIZATIONS,
                "SELECT principal, code_verifier, CURRENT_TIMESTAMP FROM "
                        + AUTHORIZATIONS + " WHERE state_hash = ? AND expires_at > CURRENT_TIMESTAMP",
                statement -> {
                    statement.setString(1, stateHash);
                    try (ResultSet row = statement.executeQuery()) {
                        if (!row.next()) {
                            return Optional.<PendingAuthorization>empty();
                        }
                        String principal = row.getString(1);
                        Optional<String> verifier = keys.open(row.getString(2), authorizationContext(stateHash));
                        Instant takenAt = row.getObject(3, OffsetDateTime.class).toInstant();
                        return verifier.map(plain -> new PendingAuthorization(principal, plain, takenAt));
                    }
                });
        boolean taken = query("take-authorization", AUTHORIZATIONS,
                "DELETE FROM " + AUTHORIZATIONS + " WHERE state_hash = ?", statement -> {
                    statement.setString(1, stateHash);
                    return statement.executeUpdate() == 1;
                });
        return found.filter(pending -> taken);
    }

    /**
     * Keeps {@code connection}, which Zoom authorized, for {@code lifetime} of the database's time until its caller
     * confirms it, under the hash of a single-use confirmation code; deletes expired ones.
     *
     * @param confirmationHash the SHA-256 of the confirmation code, hex; the code itself is never stored
     */
    public void saveConfirmation(String confirmationHash, NewConnection connection, Duration lifetime) {
        deleteExpired(CONFIRMATIONS);
        query("save-confirmation", CONFIRMATIONS, "INSERT INTO " + CONFIRMATIONS
                + " (confirmation_hash, principal, zoom_user_id, zoom_account_id, scopes, "
                + "refresh_token, access_token, access_token_expires_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                + NOW_PLUS + ")",
                statement -> {
                    statement.setString(1, confirmationHash);
                    statement.setString(2, connection.principal());
                    statement.setString(3, connection.zoomUserId());
                    statement.setString(4, connection.zoomAccountId());
                    statement.setString(5, connection.scopes());
                    statement.setString(6, keys.seal(connection.refreshToken(),
                            confirmationContext(confirmationHash, "refresh_token")));
                    statement.setString(7, keys.seal(connection.accessToken(),
                            confirmationContext(confirmationHash, "access_token")));
                    statement.setObject(8, utc(connection.accessTokenExpiresAt()));
                    statement.setLong(9, lifetime.toMillis());
                    return statement.executeUpdate();
                });
    }

    /**
     * Keeps a consent whose scopes mint no token (its grant revoked already) under the hash of a single-use
     * confirmation code, so that its caller's confirmation can say why nothing is stored: only the principal and the
     * granted scopes, no Zoom ids, no tokens.
     */
    public void saveRefusedConfirmation(String confirmationHash, String principal, String scopes, Duration lifetime) {
        deleteExpired(CONFIRMATIONS);
        query("save-confirmation", CONFIRMATIONS,
                "INSERT INTO " + CONFIRMATIONS + " (confirmation_hash, principal, scopes, expires_at) VALUES (?, ?, ?, "
                        + NOW_PLUS + ")",
                statement -> {
                    statement.setString(1, confirmationHash);
                    statement.setString(2, principal);
                    statement.setString(3, GrantValues.scopes(scopes));
                    statement.setLong(4, lifetime.toMillis());
                    return statement.executeUpdate();
                });
    }

    /**
     * Takes what Zoom approved under {@code confirmationHash}: at most one caller ever gets it, and only before it
     * expires. Empty for an unknown, used or expired code.
     */
    public Optional<ApprovedAuthorization> takeConfirmation(String confirmationHash) {
        Optional<ApprovedAuthorization> found = query("find-confirmation", CONFIRMATIONS,
                "SELECT principal, zoom_user_id, zoom_account_id, scopes, "
                        + "refresh_token, access_token, access_token_expires_at FROM " + CONFIRMATIONS
                        + " WHERE confirmation_hash = ? AND expires_at > CURRENT_TIMESTAMP",
                statement -> {
                    statement.setString(1, confirmationHash);
                    try (ResultSet row = statement.executeQuery()) {
                        if (!row.next()) {
                            return Optional.<ApprovedAuthorization>empty();
                        }
                        String principal = row.getString(1);
                        String scopes = row.getString(4);
                        if (row.getString(5) == null) {
                            return Optional.of(new ApprovedAuthorization(principal, scopes, Optional.empty()));
                        }
                        Optional<String> refresh = keys.open(row.getString(5),
                                confirmationContext(confirmationHash, "refresh_token"));
                        Optional<String> access = keys.open(row.getString(6),
                                confirmationContext(confirmationHash, "access_token"));
                        OffsetDateTime accessExpiry = row.getObject(7, OffsetDateTime.class);
                        if (refresh.isEmpty() || access.isEmpty()) {
                            return Optional.<ApprovedAuthorization>empty();
                        }
                        return Optional.of(new ApprovedAuthorization(principal, scopes, Optional.of(new NewConnection(
                                principal, row.getString(2), row.getString(3), scopes, refresh.get(), access.get(),
                                accessExpiry == null ? null : accessExpiry.toInstant()))));
                    }
                });
        boolean taken = query("take-confirmation", CONFIRMATIONS,
                "DELETE FROM " + CONFIRMATIONS + " WHERE confirmation_hash = ?", statement -> {
                    statement.setString(1, confirmationHash);
                    return statement.executeUpdate() == 1;
                });
        return found.filter(approved -> taken);
    }

    private boolean update(Connection jdbc, NewConnection connection) throws SQLException {
        return query(jdbc, "update-connection", CONNECTIONS, "UPDATE " + CONNECTIONS + " SET zoom_user_id = ?, "
                + "zoom_account_id = ?, scopes = ?, status = ?, connected_at = CURRENT_TIMESTAMP, "
                + "updated_at = CURRENT_TIMESTAMP, version = version + 1, refresh_token = ?, access_token = ?, "
                + "access_token_expires_at = ?, refresh_owner = NULL, refresh_until = NULL WHERE principal = ?",
                statement -> {
                    bind(statement, connection);
                    statement.setString(8, connection.principal());
                    return statement.executeUpdate() == 1;
                });
    }

    private boolean insert(Connection jdbc, NewConnection connection) throws SQLException {
        return query(jdbc, "insert-connection", CONNECTIONS, "INSERT INTO " + CONNECTIONS + " (zoom_user_id, "
                + "zoom_account_id, scopes, status, connected_at, updated_at, version, refresh_token, access_token, "
                + "access_token_expires_at, principal) VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1, ?, "
                + "?, ?, ?)", statement -> {
                    bind(statement, connection);
                    statement.setString(8, connection.principal());
                    return statement.executeUpdate() == 1;
                });
    }

    /** Parameters 1-7 of {@link #update} and {@link #insert}, in the same order. */
    private void bind(PreparedStatement statement, NewConnection connection) throws SQLException {
        statement.setString(1, connection.zoomUserId());
        statement.setString(2, connection.zoomAccountId());
        statement.setString(3, connection.scopes());
        statement.setString(4, ConnectionStatus.ACTIVE.value());
        statement.setString(5, keys.seal(connection.refreshToken(), context(connection.principal(), "refresh_token")));
        statement.setString(6, keys.seal(connection.accessToken(), context(connection.principal(), "access_token")));
        statement.setObject(7, utc(connection.accessTokenExpiresAt()));
    }

    private StoredConnection read(ResultSet row) throws SQLException {
        String principal = row.getString(1);
        String refreshToken = keys.open(row.getString(8), context(principal, "refresh_token"))
                .orElseThrow(() -> new ConnectionStoreException("The refresh token of a connection does not open with "
                        + "the configured encryption keys (zoom.user-oauth.encryption-key, previous-encryption-keys)",
                        null));
        String sealedAccess = row.getString(9);
        Optional<String> accessToken = sealedAccess == null ? Optional.empty()
                : keys.open(sealedAccess, context(principal, "access_token"));
        OffsetDateTime expiresAt = row.getObject(10, OffsetDateTime.class);
        return new StoredConnection(principal, row.getString(2), row.getString(3), row.getString(4),
                ConnectionStatus.of(row.getString(5)), row.getObject(6, OffsetDateTime.class).toInstant(),
                row.getLong(7),
                refreshToken, accessToken,
                accessToken.isPresent() && expiresAt != null ? Optional.of(expiresAt.toInstant()) : Optional.empty(),
                row.getObject(11, OffsetDateTime.class).toInstant(),
                row.getObject(12, OffsetDateTime.class).toInstant());
    }

    private static String context(String principal, String column) {
        return CONNECTIONS + "/" + principal + "/" + column;
    }

    private void deleteExpired(String table) {
        query("delete-expired", table, "DELETE FROM " + table + " WHERE expires_at < CURRENT_TIMESTAMP",
                PreparedStatement::executeUpdate);
    }

    private static String confirmationContext(String confirmationHash, String column) {
        return CONFIRMATIONS + "/" + confirmationHash + "/" + column;
    }

    private static String authorizationContext(String stateHash) {
        return AUTHORIZATIONS + "/" + stateHash + "/code_verifier";
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    /** {@code sql} on a pooled connection, traced as {@code operation} on {@code table} when in a trace. */
    private <T> T query(String operation, String table, String sql, Statement<T> work) {
        ZoomTracing.StoreCall traced = tracing.postgresql(operation, table, sql);
        try (Connection jdbc = dataSource.getConnection(); PreparedStatement statement = jdbc.prepareStatement(sql)) {
            T result = work.run(statement);
            traced.ended(null);
            return result;
        } catch (SQLException e) {
            traced.ended(e);
            throw new ConnectionStoreException("A query on the connections table failed", e);
        } catch (RuntimeException e) {
            traced.ended(e);
            throw e;
        }
    }

    /** {@code sql} on {@code jdbc}, traced as {@code operation} on {@code table} when in a trace. */
    private <T> T query(Connection jdbc, String operation, String table, String sql, Statement<T> work)
            throws SQLException {
        ZoomTracing.StoreCall traced = tracing.postgresql(operation, table, sql);
        try (PreparedStatement statement = jdbc.prepareStatement(sql)) {
            T result = work.run(statement);
            traced.ended(null);
            return result;
        } catch (SQLException | RuntimeException e) {
            traced.ended(e);
            throw e;
        }
    }

    @FunctionalInterface
    private interface Statement<T> {
        T run(PreparedStatement statement) throws SQLException;
    }
}
