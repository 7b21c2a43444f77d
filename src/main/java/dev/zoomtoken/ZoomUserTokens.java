package dev.zoomtoken;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import dev.zoomtoken.auth.AccessTokenProvider;
import dev.zoomtoken.client.ZoomApiClient;
import dev.zoomtoken.client.ZoomTokenReply;
import dev.zoomtoken.config.ZoomConfig;
import dev.zoomtoken.ops.ZoomMetrics;
import io.smallrye.mutiny.Uni;

/**
 * Gets Zoom users' tokens: ZAKs to start meetings as host, OBF tokens to join meetings on a user's behalf, and the
 * older SDK token. Inject it and call {@code tokens.zak("alice@example.com")}.
 * <p>
 * Requests are validated before anything is sent. Calls are retried on Zoom 5xx, transport failures and per-second
 * rate limits, guarded by a circuit breaker, and bounded by {@code zoom.request-deadline} (30 s) in total. Every
 * failure is a {@link ZoomUserTokenException}; see its subclasses for the cases. The blocking methods must not be
 * called on an I/O thread; use {@link #getAsync(UserTokenRequest)} there.
 */
@ApplicationScoped
public class ZoomUserTokens {

    private final ZoomApiClient zoom;
    private final AccessTokenProvider accessTokens;
    private final ZoomMetrics metrics;
    private final Duration deadline;
    private final boolean coalesce;
    private final ConcurrentMap<SameRequest, Uni<UserToken>> inFlight = new ConcurrentHashMap<>();

    ZoomUserTokens(ZoomApiClient zoom, AccessTokenProvider accessTokens, ZoomMetrics metrics, ZoomConfig config) {
        this.zoom = zoom;
        this.accessTokens = accessTokens;
        this.metrics = metrics;
        this.deadline = config.requestDeadline();
        this.coalesce = config.rateLimit().coalesce();
    }

    /** Requests that may share one Zoom call: same user ({@link ZoomUserIds#comparisonKey}), type and ttl. */
    private record SameRequest(String user, TokenType type, Duration ttl) {
        static SameRequest of(UserTokenRequest request) {
            return new SameRequest(ZoomUserIds.comparisonKey(request.userId()), request.type(), request.ttl());
        }
    }

    /** A ZAK for {@code userId} (me, a Zoom user id or an email) with Zoom's default lifetime. */
    public UserToken zak(String userId) {
        return get(UserTokenRequest.zak(userId));
    }

    /** A ZAK for {@code userId} valid for {@code ttl} (1 s to 365 days). */
    public UserToken zak(String userId, Duration ttl) {
        return get(UserTokenRequest.zak(userId, ttl));
    }

    /** A single-use OBF token to join meeting {@code meetingId} on behalf of {@code userId}. */
    public UserToken onBehalf(String userId, String meetingId) {
        return get(UserTokenRequest.onBehalf(userId, meetingId));
    }

    /** The token described by {@code request}, waiting for it. */
    public UserToken get(UserTokenRequest request) {
        return getAsync(request).await().indefinitely();
    }

    /**
     * The token described by {@code request}, without blocking. Concurrent identical requests share one Zoom call and
     * its result ({@code zoom.rate-limit.coalesce}); OBF requests never do, because OBF tokens are single use.
     */
    public Uni<UserToken> getAsync(UserTokenRequest request) {
        if (request == null) {
            return Uni.createFrom().failure(new InvalidTokenRequestException("request", "request is required"));
        }
        if (!coalesce || request.type() == TokenType.ONBEHALF) {
            return fetch(request);
        }
        SameRequest key = SameRequest.of(request);
        // The entry is made when a caller subscribes and removed when the shared call ends, so none is left behind.
        return Uni.createFrom().deferred(() -> {
            Uni<UserToken> existing = inFlight.get(key);
            if (existing != null) {
                metrics.coalesced();
                return existing;
            }
            AtomicReference<Uni<UserToken>> shared = new AtomicReference<>();
            shared.set(fetch(request).onTermination().invoke(() -> inFlight.remove(key, shared.get()))
                    .memoize().indefinitely());
            Uni<UserToken> winner = inFlight.putIfAbsent(key, shared.get());
            if (winner != null) {
                metrics.coalesced();
                return winner;
            }
            return shared.get();
        });
    }

    private Uni<UserToken> fetch(UserTokenRequest request) {
        // The access token is obtained first, so that fetching one is bounded by its own retry policy and not
        // retried again as a failed API call; the bearer header factory then finds it cached.
        long started = System.nanoTime();
        return accessTokens.accessToken().chain(ready -> {
            Instant sentAt = Instant.now();
            return zoom.getUserToken(request).map(reply -> toUserToken(request, reply, sentAt));
        })
                .ifNoItem().after(deadline).failWith(() -> new ZoomTimeoutException(
                        "No token from Zoom within the deadline of " + deadline.toMillis() + " ms (zoom.request-deadline)",
                        null))
                .onFailure().transform(ZoomUserTokens::toModuleException)
                .onItemOrFailure().invoke((token, failure) ->
                        metrics.tokenRequest(request.type(), failure, System.nanoTime() - started));
    }

    private UserToken toUserToken(UserTokenRequest request, ZoomTokenReply reply, Instant sentAt) {
        metrics.rateLimitRemaining(reply.rateLimit().remaining());
        if (reply.token() == null) {
            throw new ZoomNullTokenException(request.type(), reply.trackingId());
        }
        Instant expiresAt = request.ttl() == null ? null : sentAt.plus(request.ttl());
        return new UserToken(request.type(), reply.token(), expiresAt, reply.trackingId());
    }

    private static Throwable toModuleException(Throwable failure) {
        if (failure instanceof CircuitBreakerOpenException open) {
            return new ZoomCircuitOpenException(open);
        }
        if (failure instanceof TimeoutException timeout) {
            return new ZoomTimeoutException("Zoom did not answer in time, on every attempt", timeout);
        }
        return failure;
    }
}
