package dev.zoomtoken.internal.client;

import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestResponse;

import dev.zoomtoken.internal.auth.AccessToken;
import dev.zoomtoken.internal.http.RateLimitHeaders;
import dev.zoomtoken.internal.http.RetryableZoomFailure;
import dev.zoomtoken.internal.http.ZoomBackoff;
import dev.zoomtoken.internal.http.ZoomErrorMapper;
import dev.zoomtoken.internal.http.ZoomFailures;
import dev.zoomtoken.internal.http.ZoomRetryPolicy;
import dev.zoomtoken.internal.ratelimit.ZoomRateBudget;
import dev.zoomtoken.model.Failure;
import dev.zoomtoken.model.UserTokenRequest;
import dev.zoomtoken.model.ZoomMalformedResponseException;
import dev.zoomtoken.model.ZoomTimeoutException;
import dev.zoomtoken.model.ZoomRateLimitedException;
import dev.zoomtoken.model.ZoomServerException;
import dev.zoomtoken.model.ZoomTransportException;
import io.smallrye.faulttolerance.api.AsynchronousNonBlocking;
import io.smallrye.faulttolerance.api.BeforeRetry;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.faulttolerance.api.CustomBackoff;
import io.smallrye.faulttolerance.api.RetryWhen;
import io.smallrye.mutiny.Uni;

/**
 * Calls Zoom's token endpoint with timeouts, retries and a circuit breaker. Failures arrive as this module's typed
 * exceptions. The defaults below can be changed per setting with
 * {@code quarkus.fault-tolerance."dev.zoomtoken.internal.client.ZoomApiClient/getUserToken".<strategy>.<setting>}.
 */
@ApplicationScoped
public class ZoomApiClient {

    /** Name of the circuit breaker in front of Zoom, for {@code CircuitBreakerMaintenance}. */
    public static final String CIRCUIT_BREAKER = "zoom-api";

    private final ZoomUsersApi api;
    private final ZoomRateBudget budget;
    private final Duration circuitBreakerDelay;
    private final Optional<Duration> attemptTimeout;

    ZoomApiClient(@RestClient ZoomUsersApi api, ZoomRateBudget budget, Config config) {
        this.api = api;
        this.budget = budget;
        Method call = annotatedCall();
        this.circuitBreakerDelay = FaultToleranceSettings.circuitBreakerDelay(call, config);
        this.attemptTimeout = FaultToleranceSettings.attemptTimeout(call, config,
                ZoomRetryPolicy.ATTEMPT_TIMEOUT_SECONDS);
    }

    /** {@link #getUserToken}, whose annotations hold the fault-tolerance defaults. */
    static Method annotatedCall() {
        return Arrays.stream(ZoomApiClient.class.getMethods()).filter(method -> method.getName().equals("getUserToken"))
                .findFirst().orElseThrow();
    }

    /** How long the breaker in front of Zoom stays open before it lets a call through, as configured. */
    public Duration circuitBreakerDelay() {
        return circuitBreakerDelay;
    }

    /**
     * One logical call: a few attempts, each under its own timeout; see {@link ZoomRetryPolicy} for what is retried and
     * the annotations for the defaults. The whole call is bounded by {@code zoom.request-deadline} where it is made, so
     * the retry has no duration limit of its own. The attempt timeout is the fault-tolerance setting
     * {@code timeout.value}/{@code unit}/{@code enabled} of this method (default
     * {@value ZoomRetryPolicy#ATTEMPT_TIMEOUT_SECONDS} s), applied here with Mutiny instead of by {@code @Timeout}:
     * SmallRye Fault Tolerance's timer wakes its own thread for every call, which on two busy cores cost about a fifth
     * of the broker's throughput (BENCHMARKS.md); it still ends the attempt with the {@link TimeoutException} that the
     * retry and the breaker count. Every attempt sends {@code accessToken} and spends {@code account}'s rate budget; a
     * 401 or code 124 ends the call with {@link dev.zoomtoken.model.ZoomAuthenticationException} so that the caller,
     * who knows whose token it was, can replace exactly that one (see {@link ZoomTokenCalls}). The breaker counts
     * exactly the failures whose {@link Failure#countedByCircuitBreaker()} is true; annotation values must be
     * constants, so {@code failOn} names their classes and a test proves the two agree.
     */
    @AsynchronousNonBlocking
    @Retry(maxRetries = ZoomRetryPolicy.MAX_RETRIES, delay = ZoomRetryPolicy.FIRST_BACKOFF_MILLIS, jitter = 0,
            maxDuration = 0)
    @RetryWhen(exception = RetryableZoomFailure.class)
    @CustomBackoff(ZoomBackoff.class)
    @BeforeRetry(UserTokenRetryLog.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            successThreshold = 1, failOn = { ZoomServerException.class, ZoomTransportException.class,
                    ZoomMalformedResponseException.class, TimeoutException.class })
    @CircuitBreakerName(CIRCUIT_BREAKER)
    public Uni<ZoomTokenReply> getUserToken(UserTokenRequest request, AccessToken accessToken, String account) {
        Uni<ZoomTokenReply> attempt = budget.permit(account)
                .chain(() -> {
                    Instant sentAt = Instant.now();
                    return api.getUserToken(accessToken, request.userId(), request.type().wireValue(),
                            request.ttlSeconds(), request.meetingId())
                            .onFailure().transform(ZoomFailures::classify)
                            .map(response -> toReply(response, sentAt));
                })
                .invoke(reply -> budget.observe(account, reply.rateLimit(), false))
                .onFailure(ZoomRateLimitedException.class)
                .invoke(failure -> budget.observe(account, ((ZoomRateLimitedException) failure).rateLimit(), true));
        if (attemptTimeout.isEmpty()) {
            return attempt;
        }
        Duration timeout = attemptTimeout.get();
        return attempt.ifNoItem().after(timeout)
                .failWith(() -> new TimeoutException("No answer from Zoom within " + timeout.toMillis() + " ms"));
    }

    /**
     * Who {@code accessToken} belongs to ({@code GET /users/me}), sent once under the attempt timeout; it is asked once
     * per authorization, and the user can start again.
     */
    public Uni<ZoomMe> me(AccessToken accessToken) {
        return api.me(accessToken).onFailure().transform(ZoomFailures::classify)
                .ifNoItem().after(Duration.ofSeconds(ZoomRetryPolicy.ATTEMPT_TIMEOUT_SECONDS))
                .failWith(() -> new ZoomTimeoutException("Zoom did not answer GET /users/me in time", null))
                .map(me -> {
                    if (me == null || me.id() == null || me.id().isBlank() || me.accountId() == null
                            || me.accountId().isBlank()) {
                        throw new ZoomMalformedResponseException("GET /users/me answered without id and account_id",
                                null);
                    }
                    return me;
                });
    }

    private static ZoomTokenReply toReply(RestResponse<ZoomTokenResponse> response, Instant sentAt) {
        ZoomTokenResponse body = response.getEntity();
        if (body == null) {
            throw new ZoomMalformedResponseException("Zoom answered HTTP " + response.getStatus() + " without a body",
                    null);
        }
        return new ZoomTokenReply(body.token(), response.getHeaderString(ZoomErrorMapper.TRACKING_ID_HEADER),
                RateLimitHeaders.parse(response::getHeaderString, Instant.now()), sentAt);
    }
}
