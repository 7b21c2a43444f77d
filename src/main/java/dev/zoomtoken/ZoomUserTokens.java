package dev.zoomtoken;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.zoomtoken.internal.auth.AccessTokenProvider;
import dev.zoomtoken.internal.client.ZoomTokenCalls;
import dev.zoomtoken.internal.client.ZoomTokenReply;
import dev.zoomtoken.internal.concurrent.SharedCalls;
import dev.zoomtoken.internal.config.ZoomConfig;
import dev.zoomtoken.internal.metrics.ZoomMetrics;
import dev.zoomtoken.internal.tracing.ZoomTracing;
import dev.zoomtoken.model.InvalidTokenRequestException;
import dev.zoomtoken.model.TokenType;
import dev.zoomtoken.model.UserToken;
import dev.zoomtoken.model.UserTokenRequest;
import dev.zoomtoken.model.ZoomNullTokenException;
import dev.zoomtoken.model.ZoomUserTokenException;
import io.smallrye.mutiny.Uni;

/**
 * Gets Zoom users' tokens: ZAKs to start meetings as host, OBF tokens to join meetings on a user's behalf, and the
 * older SDK token. Inject it and call {@code tokens.zak("alice@example.com")}.
 * <p>
 * Requests are validated before anything is sent. Calls are retried on Zoom 5xx, transport failures and per-second
 * rate limits, guarded by a circuit breaker, and bounded by {@code zoom.request-deadline} in total. Every
 * failure is a {@link ZoomUserTokenException}; see its subclasses for the cases. The blocking methods must not be
 * called on an I/O thread; use {@link #getAsync(UserTokenRequest)} there.
 */
@ApplicationScoped
public class ZoomUserTokens {

    private final ZoomTokenCalls zoom;
    private final ZoomMetrics metrics;
    private final RequestDeadline deadline;
    private final boolean coalesce;
    private final SharedCalls<SameRequest, UserToken> sharedCalls;
    private final ZoomTracing tracing;
    private final ZoomTracing.SharedCallLeaders<SameRequest> leaders;

    ZoomUserTokens(ZoomTokenCalls zoom, ZoomMetrics metrics, ZoomConfig config, ZoomTracing tracing) {
        this.zoom = zoom;
        this.metrics = metrics;
        this.deadline = new RequestDeadline(config.requestDeadline());
        this.coalesce = config.rateLimit().coalesce();
        this.sharedCalls = new SharedCalls<>(metrics::coalesced);
        this.tracing = tracing;
        this.leaders = tracing.sharedCallLeaders();
    }

    /** Requests that may share one Zoom call: same user ({@link UserTokenRequest#userKey}), type and ttl. */
    private record SameRequest(String user, TokenType type, Duration ttl) {
        static SameRequest of(UserTokenRequest request) {
            return new SameRequest(request.userKey(), request.type(), request.ttl());
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
            return tracing.tokenCall(request, traced -> fetch(request));
        }
        SameRequest key = SameRequest.of(request);
        return tracing.tokenCall(request, traced -> sharedCalls
                .join(key, () -> leaders.lead(key, traced, fetch(request)))
                .onSubscription().invoke(() -> leaders.subscribed(key, traced)));
    }

    private Uni<UserToken> fetch(UserTokenRequest request) {
        return fetch(request, zoom.userToken(request));
    }

    /** {@code request} made with a connected user's {@code credentials}: the same deadline, checks and metrics. */
    Uni<UserToken> fetch(UserTokenRequest request, AccessTokenProvider credentials) {
        return tracing.tokenCall(request, traced -> fetch(request, zoom.userToken(request, credentials)));
    }

    private Uni<UserToken> fetch(UserTokenRequest request, Uni<ZoomTokenReply> call) {
        long started = System.nanoTime();
        return deadline.bound(call.map(reply -> toUserToken(request, reply)))
                .onItemOrFailure()
                .invoke((token, failure) -> metrics.tokenRequest(request.type(), failure, System.nanoTime() - started));
    }

    private UserToken toUserToken(UserTokenRequest request, ZoomTokenReply reply) {
        metrics.rateLimitRemaining(reply.rateLimit().remaining());
        if (reply.token() == null) {
            throw new ZoomNullTokenException(request.type(), reply.trackingId());
        }
        Instant expiresAt = request.ttl() == null ? null : reply.sentAt().plus(request.ttl());
        return new UserToken(request.type(), reply.token(), expiresAt, reply.trackingId());
    }
}
