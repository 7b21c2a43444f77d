package dev.zoomtoken.internal.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.ds.PGSimpleDataSource;

import dev.zoomtoken.internal.crypto.KeyRing;
import dev.zoomtoken.model.Failure;

/**
 * The connections table on a real PostgreSQL 17 and on H2 (the dev-mode default), migrated by the module's Flyway
 * scripts: round trips, compare-and-swap under concurrency, single-use authorizations, key rotation, and no token in
 * clear in any row.
 */
class ConnectionStoreTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'k');
    private static final String OLD_KEY = Base64.getEncoder()
            .encodeToString("an-earlier-key-of-32-bytes------".getBytes());
    private static final String REFRESH = "refresh-token-Zr81";
    private static final String ACCESS = "access-token-Yq27";
    private static EmbeddedPostgres postgres;
    private static JdbcDataSource h2;
    /** Far from the database's time on purpose: a value the store keeps as given, never a time it compares with. */
    private static final Instant ISSUED = Instant.parse("2026-12-03T10:00:00Z");
    private static int principals;

    @BeforeAll
    static void startDatabases() {
        postgres = EmbeddedPostgres.start();
        ConnectionSchema.migrate(postgres.dataSource());
        h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:connection-store-test;DB_CLOSE_DELAY=-1");
        ConnectionSchema.migrate(h2);
    }

    @AfterAll
    static void stopDatabases() {
        if (postgres != null) {
            postgres.close();
        }
    }

    static Stream<String> databases() {
        return Stream.of("postgresql", "h2");
    }

    private static DataSource source(String database) {
        return database.equals("postgresql") ? postgres.dataSource() : h2;
    }

    private static ConnectionStore store(String database, KeyRing keys) {
        return new ConnectionStore(source(database), keys);
    }

    private static ConnectionStore store(String database) {
        return store(database, KeyRing.of(KEY, List.of(), "zoom.user-oauth.encryption-key"));
    }

    private static synchronized String principal() {
        return "caller-" + (++principals) + "@example.com";
    }

    private static NewConnection connection(String principal, String zoomUser) {
        return new NewConnection(principal, zoomUser, "acct-1", "user:read:token user:read:user", REFRESH, ACCESS,
                ISSUED.plus(Duration.ofHours(1)));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aSavedConnectionReadsBackAndNoRowHoldsATokenInClear(String database) {
        ConnectionStore store = store(database);
        String principal = principal();
        StoredConnection saved = store.save(connection(principal, "zu-" + principal.hashCode()));

        assertEquals(REFRESH, saved.refreshToken());
        assertEquals(Optional.of(ACCESS), saved.accessToken());
        assertEquals(ConnectionStatus.ACTIVE, saved.status());
        assertEquals(Optional.of(ISSUED.plus(Duration.ofHours(1))), saved.accessTokenExpiresAt());
        assertFalse(saved.toString().contains(REFRESH) || saved.toString().contains(ACCESS), saved.toString());
        store.saveAuthorization("hash-" + principal.hashCode(), principal, "verifier-Pk3", Duration.ofMinutes(10));
        for (String row : dump(database)) {
            for (String secret : List.of(REFRESH, ACCESS, "verifier-Pk3", KEY)) {
                assertFalse(row.contains(secret), "a row holds '" + secret + "': " + row);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aSecondAuthorizationOfThePrincipalReplacesTheFirstAndMovesTheVersionOn(String database) {
        ConnectionStore store = store(database);
        String principal = principal();
        StoredConnection first = store.save(connection(principal, "zu-first"));
        StoredConnection second = store.save(new NewConnection(principal, "zu-second", "acct-2", "user:read:token",
                "refresh-2", "access-2", ISSUED.plusSeconds(3600)));

        assertTrue(second.version() > first.version());
        assertEquals("zu-second", store.find(principal).orElseThrow().zoomUserId());
        assertEquals("refresh-2", store.find(principal).orElseThrow().refreshToken());
        assertFalse(store.updateTokens(principal, first.version(), "stale", "stale", Duration.ofHours(1)),
                "an update read before the replacement does not land");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void ofConcurrentUpdatesFromOneVersionExactlyOneLands(String database) throws Exception {
        ConnectionStore store = store(database);
        String principal = principal();
        long version = store.save(connection(principal, "zu-race")).version();
        int racers = 20;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try {
            for (int i = 0; i < racers; i++) {
                String refresh = "refresh-of-racer-" + i;
                Callable<Boolean> racer = () -> {
                    go.await();
                    return store.updateTokens(principal, version, refresh, "access-" + refresh, Duration.ofHours(1));
                };
                results.add(pool.submit(racer));
            }
            go.countDown();
            List<Integer> winners = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                if (results.get(i).get(30, TimeUnit.SECONDS)) {
                    winners.add(i);
                }
            }
            assertEquals(1, winners.size(), "winners: " + winners);
            StoredConnection stored = store.find(principal).orElseThrow();
            assertEquals("refresh-of-racer-" + winners.get(0), stored.refreshToken());
            assertEquals(version + 1, stored.version());
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aReauthorizationMarkKeepsTheRowAndDropsItsAccessToken(String database) {
        ConnectionStore store = store(database);
        String principal = principal();
        long version = store.save(connection(principal, "zu-mark")).version();

        assertTrue(store.markReauthorizationRequired(principal, version));
        StoredConnection marked = store.find(principal).orElseThrow();
        assertEquals(ConnectionStatus.REAUTHORIZATION_REQUIRED, marked.status());
        assertEquals(Optional.empty(), marked.accessToken());
        assertEquals(Optional.empty(), marked.accessTokenExpiresAt());
        assertFalse(store.markReauthorizationRequired(principal, version), "a stale version changes nothing");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aDeauthorizationDeletesEveryConnectionOfTheZoomUserMadeBeforeItOnce(String database) {
        ConnectionStore store = store(database);
        String zoomUser = "zu-deauth-" + database;
        String one = principal();
        String two = principal();
        String other = principal();
        store.save(connection(one, zoomUser));
        store.save(connection(two, zoomUser));
        store.save(connection(other, "zu-someone-else"));

        Instant first = store.find(one).orElseThrow().connectedAt();
        Instant last = store.find(two).orElseThrow().connectedAt();
        assertEquals(List.of(), store.deleteByZoomUser(zoomUser, first.minusMillis(1)),
                "made after the deauthorization");
        assertTrue(store.find(one).isPresent() && store.find(two).isPresent());
        assertEquals(java.util.Set.of(new ConnectionIds(one, zoomUser, "acct-1"), new ConnectionIds(two, zoomUser,
                "acct-1")), java.util.Set.copyOf(store.deleteByZoomUser(zoomUser, last)));
        assertEquals(List.of(), store.deleteByZoomUser(zoomUser, last.plusSeconds(60)));
        assertTrue(store.find(one).isEmpty() && store.find(two).isEmpty());
        assertTrue(store.find(other).isPresent());
        assertTrue(store.delete(other));
        assertFalse(store.delete(other));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void anAuthorizationIsTakenOnceEvenByConcurrentCallbacksAndNotAfterItExpires(String database) throws Exception {
        ConnectionStore store = store(database);
        String principal = principal();
        String hash = "state-" + principal.hashCode() + database;
        store.saveAuthorization(hash, principal, "verifier-1", Duration.ofMinutes(10));

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Optional<PendingAuthorization>>> takes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                takes.add(pool.submit(() -> store.takeAuthorization(hash)));
            }
            int taken = 0;
            for (Future<Optional<PendingAuthorization>> take : takes) {
                Optional<PendingAuthorization> result = take.get(30, TimeUnit.SECONDS);
                if (result.isPresent()) {
                    taken++;
                    assertEquals(principal, result.get().principal());
                    assertEquals("verifier-1", result.get().codeVerifier());
                }
            }
            assertEquals(1, taken);
        } finally {
            pool.shutdownNow();
        }
        assertTrue(store.takeAuthorization("state-never-saved").isEmpty());

        String expiring = hash + "-expiring";
        store.saveAuthorization(expiring, principal, "verifier-2", Duration.ofMinutes(10));
        moveToDatabaseTime(database, ConnectionStore.AUTHORIZATIONS, "expires_at", "state_hash", expiring, -1);
        assertTrue(store.takeAuthorization(expiring).isEmpty(), "expired by the database's clock");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aConfirmationIsTakenOnceWithItsTokensAndNotAfterItExpires(String database) throws SQLException {
        ConnectionStore store = store(database);
        String principal = principal();
        String hash = "confirmation-" + principal.hashCode() + database;
        NewConnection approved = connection(principal, "zu-confirm-" + database);
        store.saveConfirmation(hash, approved, Duration.ofMinutes(10));
        assertTrue(store.find(principal).isEmpty(), "a confirmation is not a connection");

        ApprovedAuthorization taken = store.takeConfirmation(hash).orElseThrow();
        assertEquals(Optional.of(approved), taken.connection());
        assertEquals(principal, taken.principal());
        assertTrue(store.takeConfirmation(hash).isEmpty(), "taken once");
        assertTrue(store.takeConfirmation("confirmation-never-saved").isEmpty());

        String expiring = hash + "-expiring";
        store.saveConfirmation(expiring, approved, Duration.ofMinutes(10));
        moveToDatabaseTime(database, ConnectionStore.CONFIRMATIONS, "expires_at", "confirmation_hash", expiring, -1);
        assertTrue(store.takeConfirmation(expiring).isEmpty(), "expired by the database's clock");

        String refused = hash + "-refused";
        store.saveRefusedConfirmation(refused, principal, "user:read:user", Duration.ofMinutes(10));
        ApprovedAuthorization scopesOnly = store.takeConfirmation(refused).orElseThrow();
        assertEquals(new ApprovedAuthorization(principal, "user:read:user", Optional.empty()), scopesOnly);
        assertTrue(store.takeConfirmation(refused).isEmpty(), "taken once");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void valuesUnderAPreviousKeyStillOpenAndUnknownKeysFailWithoutQuotingTheRow(String database) {
        String principal = principal();
        store(database, KeyRing.of(OLD_KEY, List.of(), "key")).save(connection(principal, "zu-rotate"));

        ConnectionStore rotated = store(database, KeyRing.of(KEY, List.of(OLD_KEY), "key"));
        StoredConnection read = rotated.find(principal).orElseThrow();
        assertEquals(REFRESH, read.refreshToken());
        rotated.updateTokens(principal, read.version(), "refresh-new", "access-new", Duration.ofHours(1));
        String keyId = KeyRing.of(KEY, List.of(), "key").currentKeyId();
        assertTrue(dump(database).stream().filter(row -> row.startsWith(principal))
                .allMatch(row -> row.contains("v1." + keyId + ".")), "written again under the current key");

        ConnectionStore withoutThatKey = store(database, KeyRing.of(OLD_KEY, List.of(), "key"));
        ConnectionStoreException failure = assertThrows(ConnectionStoreException.class,
                () -> withoutThatKey.find(principal));
        assertFalse(failure.getMessage().contains(principal), failure.getMessage());
        assertEquals(Failure.UNEXPECTED, failure.failure(), "a key that is missing is a defect, not an outage");
    }

    /**
     * A database that cannot be reached is an outage (the broker's 503 store-unavailable), told by its SQL state only:
     * the real driver against a port where nothing listens.
     */
    @Test
    void aDatabaseThatCannotBeReachedIsUnavailableNotADefect() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setUrl("jdbc:postgresql://127.0.0.1:" + closed + "/postgres?connectTimeout=5");
        nowhere.setUser("postgres");
        String principal = principal();

        ConnectionStoreException failure = assertThrows(ConnectionStoreException.class,
                () -> new ConnectionStore(nowhere, KeyRing.of(KEY, List.of(), "key")).find(principal));

        assertEquals(Failure.STORE_UNAVAILABLE, failure.failure());
        assertTrue(failure.getMessage().endsWith("(SQL state 08001)"), failure.getMessage());
        assertFalse(failure.getMessage().contains(principal), failure.getMessage());
    }

    @Test
    void sqlStatesOfAnOutageAndOfADefect() {
        for (String outage : new String[]{ "08001", "08003", "08006", "57P01", "57P03", null }) {
            assertTrue(ConnectionStoreException.unavailable(outage), outage);
        }
        for (String defect : new String[]{ "23505", "42P01", "22001", "40001", "57014" }) {
            assertFalse(ConnectionStoreException.unavailable(defect), defect);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aTokenCopiedIntoAnotherRowDoesNotOpen(String database) throws SQLException {
        ConnectionStore store = store(database);
        String victim = principal();
        String attacker = principal();
        store.save(connection(victim, "zu-victim"));
        store.save(new NewConnection(attacker, "zu-attacker", "acct-1", "", "attacker-refresh", "attacker-access",
                ISSUED.plusSeconds(3600)));
        try (Connection jdbc = source(database).getConnection();
                PreparedStatement copy = jdbc.prepareStatement(
                        "UPDATE zoom_user_token_connection SET refresh_token = (SELECT refresh_token FROM "
                                + "zoom_user_token_connection WHERE principal = ?) WHERE principal = ?")) {
            copy.setString(1, victim);
            copy.setString(2, attacker);
            assertEquals(1, copy.executeUpdate());
        }
        assertThrows(ConnectionStoreException.class, () -> store.find(attacker));
    }

    /**
     * Principals that look alike but differ, each one its own row with its own name: nothing the connections rule
     * accepts is folded, normalized, trimmed or replaced by the database or its driver.
     */
    @ParameterizedTest
    @MethodSource("databases")
    void everyPrincipalTheRuleAcceptsIsItsOwnRowExactlyAsGiven(String database) {
        ConnectionStore store = store(database);
        String tag = database + "-" + principal();
        List<String> lookAlikes = List.of("ali?ce", "alice", "Alice", "ALICE", "alice ", " alice", "al\u0130ce",
                "al\u0131ce", "ali\u0301ce", "al\u00edce", "ali\u200bce", "ali\u202ece", "ali\ufffdce", "ali\uffffce",
                "ali\ud83d\ude00ce", "ali\ud83d\ude01ce", "ali\u00adce", "\u0430lice", "ali%3Fce", "ali\\ce",
                "ali'ce", "ali\"ce", "\ud83d\ude00".repeat(dev.zoomtoken.model.Principals.MAX_LENGTH / 2));
        List<String> names = new ArrayList<>();
        for (String lookAlike : lookAlikes) {
            String name = lookAlike.length() >= dev.zoomtoken.model.Principals.MAX_LENGTH - tag.length() ? lookAlike
                    : tag + "/" + lookAlike;
            assertTrue(dev.zoomtoken.model.Principals.isValid(name), name);
            names.add(name);
            store.save(connection(name, "zu-" + names.size()));
        }
        for (int i = 0; i < names.size(); i++) {
            StoredConnection found = store.find(names.get(i)).orElseThrow();
            assertEquals(names.get(i), found.principal());
            assertEquals("zu-" + (i + 1), found.zoomUserId());
        }
    }

    /**
     * Why the rule exists: what it refuses, PostgreSQL's driver sends as another principal ({@code ?} for a lone
     * surrogate) or PostgreSQL cannot store (NUL).
     */
    @Test
    void postgresqlWouldReadALoneSurrogateAsAnotherPrincipalAndCannotStoreNul() {
        ConnectionStore store = store("postgresql");
        String tag = principal();
        store.save(connection(tag + "ali?ce", "zu-question-mark"));
        for (String surrogate : List.of("\ud800", "\udfff", "\udbff")) {
            String lookAlike = tag + "ali" + surrogate + "ce";
            assertFalse(dev.zoomtoken.model.Principals.isValid(lookAlike));
            assertEquals("zu-question-mark", store.find(lookAlike).orElseThrow().zoomUserId());
        }
        assertFalse(dev.zoomtoken.model.Principals.isValid(tag + "ali\u0000ce"));
        assertThrows(ConnectionStoreException.class, () -> store.find(tag + "ali\u0000ce"));
    }

    /**
     * Refresh claims, expiries and the times a row keeps are the database's: written from its CURRENT_TIMESTAMP and
     * compared with it, whatever the replica's clock says (the store has none), so that replicas whose clocks
     * disagree by more than a claim still agree on who holds it.
     */
    @ParameterizedTest
    @MethodSource("databases")
    void claimsAndExpiriesAreJudgedByTheDatabasesClock(String database) throws SQLException {
        ConnectionStore store = store(database);
        String principal = principal();
        StoredConnection saved = store.save(connection(principal, "zu-clock"));
        assertEquals(0, secondsFromDatabaseTime(database, ConnectionStore.CONNECTIONS, "connected_at", "principal",
                principal), 2.0);
        assertEquals(0, Duration.between(saved.readAt(), saved.connectedAt()).toSeconds(), 2);

        assertTrue(store.claimRefresh(principal, saved.version(), "replica-a", Duration.ofSeconds(30)));
        assertEquals(30, secondsFromDatabaseTime(database, ConnectionStore.CONNECTIONS, "refresh_until", "principal",
                principal), 2.0, "the claim holds 30 s of the database's time");
        assertFalse(store.claimRefresh(principal, saved.version(), "replica-b", Duration.ofSeconds(30)),
                "held by another replica");
        assertTrue(store.claimRefresh(principal, saved.version(), "replica-a", Duration.ofSeconds(30)),
                "its owner may renew it");
        moveToDatabaseTime(database, ConnectionStore.CONNECTIONS, "refresh_until", "principal", principal, -1);
        assertTrue(store.claimRefresh(principal, saved.version(), "replica-b", Duration.ofSeconds(30)),
                "expired by the database's clock");

        assertTrue(store.updateTokens(principal, saved.version(), "refresh-clock", "access-clock",
                Duration.ofSeconds(3600)));
        StoredConnection updated = store.find(principal).orElseThrow();
        assertEquals(3600, secondsFromDatabaseTime(database, ConnectionStore.CONNECTIONS, "access_token_expires_at",
                "principal", principal), 2.0);
        assertEquals(3600, Duration.between(updated.updatedAt(), updated.accessTokenExpiresAt().orElseThrow())
                .toSeconds(), 1);
        assertTrue(Duration.between(updated.readAt(), updated.updatedAt()).abs().toSeconds() < 2, updated.toString());

        store.saveAuthorization("clock-" + principal.hashCode() + database, principal, "verifier-clock",
                Duration.ofMinutes(10));
        assertEquals(600, secondsFromDatabaseTime(database, ConnectionStore.AUTHORIZATIONS, "expires_at",
                "state_hash", "clock-" + principal.hashCode() + database), 2.0);
    }

    /** Seconds from the database's CURRENT_TIMESTAMP to {@code column} of the row {@code key} = {@code value}. */
    private static double secondsFromDatabaseTime(String database, String table, String column, String key,
            String value) throws SQLException {
        try (Connection jdbc = source(database).getConnection();
                PreparedStatement select = jdbc.prepareStatement(
                        "SELECT " + column + ", CURRENT_TIMESTAMP FROM " + table + " WHERE " + key + " = ?")) {
            select.setString(1, value);
            try (java.sql.ResultSet row = select.executeQuery()) {
                assertTrue(row.next(), "no row " + value);
                return Duration.between(row.getObject(2, java.time.OffsetDateTime.class),
                        row.getObject(1, java.time.OffsetDateTime.class)).toMillis() / 1000.0;
            }
        }
    }

    /** Sets {@code column} of the row {@code key} = {@code value} to the database's time plus {@code seconds}. */
    private static void moveToDatabaseTime(String database, String table, String column, String key, String value,
            long seconds) throws SQLException {
        try (Connection jdbc = source(database).getConnection();
                PreparedStatement update = jdbc.prepareStatement(
                        "UPDATE " + table + " SET " + column + " = " + ConnectionStore.NOW_PLUS + " WHERE " + key
                                + " = ?")) {
            update.setLong(1, seconds * 1000);
            update.setString(2, value);
            assertEquals(1, update.executeUpdate());
        }
    }

    private static List<String> dump(String database) {
        List<String> rows = new ArrayList<>();
        for (String table : List.of(ConnectionStore.CONNECTIONS, ConnectionStore.AUTHORIZATIONS,
                ConnectionStore.CONFIRMATIONS)) {
            rows.addAll(EmbeddedPostgres.dump(source(database), table));
        }
        return rows;
    }
}
