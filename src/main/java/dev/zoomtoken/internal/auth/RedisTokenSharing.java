package dev.zoomtoken.internal.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import dev.zoomtoken.internal.crypto.SecretBox;
import dev.zoomtoken.internal.redis.RedisScript;
import dev.zoomtoken.internal.redis.RedisStore;
import dev.zoomtoken.internal.redis.RedisUnavailableException;
import dev.zoomtoken.internal.tracing.ZoomTracing;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * One Server-to-Server access token for every replica of an account, kept in Redis.
 * <ul>
 * <li>The token is stored sealed by a {@link SecretBox} whose key is derived from the client secret, bound to its key
 * name: Redis never holds it in clear, and only holders of the client secret can read it.</li>
 * <li>A replica without a token reads the shared one, or takes a lock and fetches it; the others poll every
 * {@link #POLL} for it (one token request in all), and after {@link #LOCK_WAIT} fetch their own, as Zoom allows.</li>
 * <li>The shared copy expires three refresh skews before the token, so a replica refreshing ahead never picks up the
 * old token again: the first to refresh fetches the next one for all.</li>
 * <li>{@link #rejected(String)} deletes the shared copy only if it still holds that token; the others, holding the
 * old token, find the new one there.</li>
 * <li>Redis failures make the replica fetch its own token; they never fail a token request.</li>
 * <li>Every command belongs to the trace of the fetch that sent it, also after a poll or Zoom's reply.</li>
 * </ul>
 */
final class RedisTokenSharing implements TokenSharing {

    static final Duration LOCK_TTL = Duration.ofSeconds(15);
    static final Duration LOCK_WAIT = Duration.ofSeconds(5);
    static final Duration POLL = Duration.ofMillis(50);
    private static final Logger LOG = Logger.getLogger(RedisTokenSharing.class);

    /** KEYS: token, lock. ARGV: owner, lock ttl ms. {1, sealed} shared; {2, ""} locked by us; {0, ""} wait. */
    static final RedisScript GET_OR_LOCK = RedisScript.of("s2s-token-get-or-lock", """
            local v = redis.call('GET', KEYS[1])
            if v then
              return {1, v}
            end
            if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) or redis.call('GET', KEYS[2]) == ARGV[1] then
              return {2, ''}
            end
            return {0, ''}
            """);

    /** KEYS: the key. ARGV: the value. Deletes the key only while it holds the value. */
    static final RedisScript DELETE_IF_SAME = RedisScript.of("delete-if-same", """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """);

    private final RedisStore redis;
    private final SecretBox box;
    private final Duration maxSkew;
    private final Clock clock;
    private final String tokenKey;
    private final String lockKey;
    private final ZoomTracing tracing;
    private volatile Seen lastSeen;

    RedisTokenSharing(RedisStore redis, String account, SecretBox box, Duration maxSkew, Clock clock) {
        this(redis, account, box, maxSkew, clock, ZoomTracing.off());
    }

    RedisTokenSharing(RedisStore redis, String account, SecretBox box, Duration maxSkew, Clock clock,
            ZoomTracing tracing) {
        this.tracing = tracing;
        this.redis = redis;
        this.box = box;
        this.maxSkew = maxSkew;
        this.clock = clock;
        this.tokenKey = redis.key(account, "s2s-token");
        this.lockKey = redis.key(account, "s2s-token-lock");
    }

    @Override
    public Uni<OAuthTokenResponse> token(Supplier<Uni<OAuthTokenResponse>> tokenEndpoint) {
        if (!redis.reachable()) {
            return tokenEndpoint.get();
        }
        long giveUpAt = System.nanoTime() + LOCK_WAIT.toNanos();
        return attempt(tokenEndpoint, redis.uniqueId(), giveUpAt, tracing.callerContext());
    }

    @Override
    public void rejected(String accessToken) {
        Seen seen = lastSeen;
        if (seen != null && seen.accessToken().equals(accessToken) && redis.reachable()) {
            redis.eval(DELETE_IF_SAME, List.of(tokenKey), List.of(seen.sealed())).subscribe().with(deleted -> {
            }, failure -> {
            });
        }
    }

    private Uni<OAuthTokenResponse> attempt(Supplier<Uni<OAuthTokenResponse>> tokenEndpoint, String owner,
            long giveUpAt, ZoomTracing.CallerContext fetch) {
        return fetch.subscribe(() -> redis.eval(GET_OR_LOCK, List.of(tokenKey, lockKey),
                List.of(owner, Long.toString(LOCK_TTL.toMillis()))))
                .onFailure(RedisUnavailableException.class).recoverWithItem((Response) null)
                .onItem().transformToUni(reply -> {
                    if (reply == null) {
                        return tokenEndpoint.get();
                    }
                    int status = reply.get(0).toInteger();
                    if (status == 1) {
                        Optional<OAuthTokenResponse> shared = open(reply.get(1).toString());
                        return shared.isPresent() ? Uni.createFrom().item(shared.get())
                                : fetchAndShare(tokenEndpoint, null, fetch);
                    }
                    if (status == 2) {
                        return fetchAndShare(tokenEndpoint, owner, fetch);
                    }
                    if (System.nanoTime() - giveUpAt >= 0) {
                        LOG.debugf("Another replica held the access-token lock for over %d ms; fetching one here",
                                LOCK_WAIT.toMillis());
                        return tokenEndpoint.get();
                    }
                    return Uni.createFrom().voidItem().onItem().delayIt().by(POLL)
                            .chain(() -> attempt(tokenEndpoint, owner, giveUpAt, fetch));
                });
    }

    /** Fetches a token, shares it, and releases the lock if {@code owner} holds it. */
    private Uni<OAuthTokenResponse> fetchAndShare(Supplier<Uni<OAuthTokenResponse>> tokenEndpoint, String owner,
            ZoomTracing.CallerContext fetch) {
        Instant requestedAt = clock.instant();
        return tokenEndpoint.get()
                .call(response -> share(response, requestedAt, fetch))
                .eventually(() -> owner == null ? Uni.createFrom().voidItem()
                        : fetch.subscribe(() -> redis.eval(DELETE_IF_SAME, List.of(lockKey), List.of(owner)))
                                .onFailure().recoverWithNull().replaceWithVoid());
    }

    private Uni<Void> share(OAuthTokenResponse response, Instant requestedAt, ZoomTracing.CallerContext fetch) {
        Duration lifetime = response.lifetime();
        Instant expiresAt = requestedAt.plus(lifetime);
        Duration ttl = Duration.between(clock.instant(),
                expiresAt.minus(AccessToken.refreshSkew(lifetime, maxSkew).multipliedBy(3)));
        if (ttl.toMillis() < 1000 || response.accessToken() == null) {
            return Uni.createFrom().voidItem();
        }
        String sealed = box.seal(expiresAt.toEpochMilli() + " " + response.accessToken(), tokenKey);
        lastSeen = new Seen(response.accessToken(), sealed);
        return fetch.subscribe(() -> redis.execute("SET", tokenKey, sealed, "PX", Long.toString(ttl.toMillis())))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** The shared token as a token response with the lifetime it has left; empty if it does not open or is stale. */
    private Optional<OAuthTokenResponse> open(String sealed) {
        return box.open(sealed, tokenKey).flatMap(plain -> {
            int space = plain.indexOf(' ');
            if (space < 1) {
                return Optional.empty();
            }
            long expiresAtMillis;
            try {
                expiresAtMillis = Long.parseLong(plain.substring(0, space));
            } catch (NumberFormatException unreadable) {
                return Optional.empty();
            }
            long secondsLeft = (expiresAtMillis - clock.millis()) / 1000;
            if (secondsLeft <= 0) {
                return Optional.empty();
            }
            String accessToken = plain.substring(space + 1);
            lastSeen = new Seen(accessToken, sealed);
            return Optional.of(new OAuthTokenResponse(accessToken, "bearer", secondsLeft, null, null));
        });
    }

    /** The token this replica last read or wrote, and its sealed form in Redis. */
    private record Seen(String accessToken, String sealed) {
        @Override
        public String toString() {
            return "Seen[<hidden>]";
        }
    }
}
