package dev.zoomtoken.internal.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.zoomtoken.internal.crypto.SecretBox;
import dev.zoomtoken.internal.metrics.ZoomMetrics;
import dev.zoomtoken.internal.redis.EmbeddedRedis;
import dev.zoomtoken.internal.redis.RedisStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Three replicas' Server-to-Server token sources sharing one token through a real Redis: one token request for a cold
 * start on all of them, one after a rejection, none readable in Redis, and each its own while Redis is away.
 */
class RedisTokenSharingTest {

    private static final String SECRET = "client-secret-Qw8vT3";
    private static EmbeddedRedis redis;
    private static Vertx vertx;

    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final List<ServerToServerOAuth> replicas = new ArrayList<>();
    private String account;

    @BeforeAll
    static void startRedis() {
        redis = EmbeddedRedis.start();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopRedis() {
        vertx.closeAndAwait();
        redis.close();
    }

    @BeforeEach
    void threeReplicas() {
        account = "acct-" + System.nanoTime();
        for (int i = 0; i < 3; i++) {
            RedisStore store = redis.newStore(vertx, Duration.ofMillis(100),
                    new ZoomMetrics(new SimpleMeterRegistry()));
            store.warmUp(1).await().atMost(Duration.ofSeconds(10));
            RedisTokenSharing sharing = new RedisTokenSharing(store, account,
                    SecretBox.derivedFrom(SECRET, "s2s-access-token/" + account), Duration.ofSeconds(60),
                    Clock.systemUTC());
            replicas.add(new ServerToServerOAuth(account, this::tokenEndpoint, Duration.ofSeconds(60),
                    URI.create("https://api.zoom.us/v2"), Clock.systemUTC(), sharing));
        }
    }

    /** Zoom's token endpoint: a new token per request, after 200 ms. */
    private Uni<OAuthTokenResponse> tokenEndpoint() {
        int n = tokenRequests.incrementAndGet();
        return Uni.createFrom()
                .item(new OAuthTokenResponse("access-token-" + n + "-Xk2pL9", "bearer", 3600L, null, null))
                .onItem().delayIt().by(Duration.ofMillis(200));
    }

    @Test
    void aColdStartOnAllReplicasMakesOneTokenRequestAndTheyAllUseItsToken() throws Exception {
        List<CompletableFuture<AccessToken>> tokens = new ArrayList<>();
        for (ServerToServerOAuth replica : replicas) {
            for (int i = 0; i < 5; i++) {
                tokens.add(replica.accessToken().subscribeAsCompletionStage().toCompletableFuture());
            }
        }
        for (CompletableFuture<AccessToken> token : tokens) {
            assertEquals("access-token-1-Xk2pL9", token.get(10, TimeUnit.SECONDS).value());
        }
        assertEquals(1, tokenRequests.get());
        assertEquals(1, replicas.stream().mapToLong(ServerToServerOAuth::fetchCount).sum(),
                "only the replica that asked Zoom counts a token request");
    }

    @Test
    void aRejectedTokenIsReplacedOnceAndTheOtherReplicasPickUpTheNewOne() {
        AccessToken first = await(replicas.get(0));
        assertEquals(first.value(), await(replicas.get(1)).value());

        replicas.get(0).rejected(first);
        AccessToken second = await(replicas.get(0));
        assertNotEquals(first.value(), second.value());
        assertEquals(2, tokenRequests.get());

        replicas.get(1).rejected(first);
        assertEquals(second.value(), await(replicas.get(1)).value(), "the old token's holder reads the new one");
        assertEquals(second.value(), await(replicas.get(2)).value());
        assertEquals(2, tokenRequests.get());
    }

    @Test
    void redisHoldsTheTokenOnlySealedAndNoSecret() {
        AccessToken token = await(replicas.get(0));
        List<String> dump = redis.dump().stream().filter(line -> line.contains(account)).toList();
        assertFalse(dump.isEmpty());
        for (String line : dump) {
            assertFalse(line.contains(token.value()), line);
            assertFalse(line.contains("Xk2pL9"), line);
            assertFalse(line.contains(SECRET), line);
        }
        assertTrue(dump.stream().anyMatch(line -> line.startsWith("zoom-user-token:{" + account + "}:s2s-token ")));
    }

    @Test
    void aValueSealedUnderAnotherSecretIsNotUsedButReplaced() {
        String key = "zoom-user-token:{" + account + "}:s2s-token";
        String foreign = SecretBox.derivedFrom("another-secret", "s2s-access-token/" + account)
                .seal(System.currentTimeMillis() + 3_600_000 + " forged-token", key);
        redis.command("SET", key, foreign, "PX", "60000");

        assertEquals("access-token-1-Xk2pL9", await(replicas.get(0)).value());
        assertEquals("access-token-1-Xk2pL9", await(replicas.get(1)).value());
        assertEquals(1, tokenRequests.get());
    }

    @Test
    void theLockScriptSentTwiceBySameOwnerStillGivesThatOwnerTheLock() {
        // RedisStore sends a script again after a late reply: the lock taken by the first run stays the caller's.
        RedisStore store = redis.newStore(vertx, Duration.ofSeconds(2), new ZoomMetrics(new SimpleMeterRegistry()));
        List<String> keys = List.of("zoom-user-token:{" + account + "}:s2s-token",
                "zoom-user-token:{" + account + "}:s2s-token-lock");
        for (int run = 0; run < 2; run++) {
            assertEquals(2, store.eval(RedisTokenSharing.GET_OR_LOCK, keys, List.of("owner-a", "15000"))
                    .await().atMost(Duration.ofSeconds(5)).get(0).toInteger());
        }
        assertEquals(0, store.eval(RedisTokenSharing.GET_OR_LOCK, keys, List.of("owner-b", "15000"))
                .await().atMost(Duration.ofSeconds(5)).get(0).toInteger(), "another owner waits");
    }

    @Test
    void withRedisStoppedEachReplicaFetchesItsOwnToken() {
        redis.stop();
        try {
            for (ServerToServerOAuth replica : replicas) {
                assertTrue(await(replica).value().startsWith("access-token-"));
            }
            assertEquals(3, tokenRequests.get());
        } finally {
            redis.restart();
        }
    }

    @Test
    void theReadmesRedisUserMayRunEverythingTheSharingNeeds() {
        RedisStore store = redis.newStore(vertx, redis.restrictedUserUri(), Duration.ofSeconds(2),
                new ZoomMetrics(new SimpleMeterRegistry()));
        store.warmUp(1).await().atMost(Duration.ofSeconds(10));
        ServerToServerOAuth restricted = new ServerToServerOAuth(account, this::tokenEndpoint, Duration.ofSeconds(60),
                URI.create("https://api.zoom.us/v2"), Clock.systemUTC(), new RedisTokenSharing(store, account,
                        SecretBox.derivedFrom(SECRET, "s2s-access-token/" + account), Duration.ofSeconds(60),
                        Clock.systemUTC()));
        assertEquals("OK", redis.command("SCRIPT", "FLUSH"));

        AccessToken token = await(restricted);
        assertEquals(token.value(), await(replicas.get(0)).value(), "shared through the restricted user");
        restricted.rejected(token);
        assertNotEquals(token.value(), await(restricted).value());
        assertEquals("redis", store.storeName());
        assertEquals(2, tokenRequests.get());
    }

    private static AccessToken await(ServerToServerOAuth replica) {
        return replica.accessToken().await().atMost(Duration.ofSeconds(10));
    }
}
