package dev.zoomtoken.client;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestResponse;

import dev.zoomtoken.UserTokenRequest;
import dev.zoomtoken.ZoomAuthenticationException;
import dev.zoomtoken.ZoomMalformedResponseException;
import dev.zoomtoken.ZoomRateBudgetExceededException;
import dev.zoomtoken.ZoomRateLimitedException;
import dev.zoomtoken.ZoomServerException;
import dev.zoomtoken.ZoomTransportException;
import dev.zoomtoken.auth.AccessTokenProvider;
import dev.zoomtoken.ratelimit.ZoomRateBudget;
import io.smallrye.faulttolerance.api.AsynchronousNonBlocking;
import io.smallrye.faulttolerance.api.BeforeRetry;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.faulttolerance.api.CustomBackoff;
import io.smallrye.faulttolerance.api.RetryWhen;
import io.smallrye.mutiny.Uni;

/**
 * Calls Zoom's token endpoint with timeouts, retries and a circuit breaker. Failures arrive as this module's typed
 * exceptions. The defaults below can be changed per setting with
 * {@code quarkus.fault-tolerance."dev.zoomtoken.client.ZoomApiClient/getUserToken".<strategy>.<setting>}.
 */
@ApplicationScoped
public class ZoomApiClient {

    /** Name of the circuit breaker in front of Zoom, for {@code CircuitBreakerMaintenance}. */
    public static final String CIRCUIT_BREAKER = "zoom-api";

    private final ZoomUsersApi api;
    private final AccessTokenProvider accessTokens;
    private final ZoomRateBudget budget;

    ZoomApiClient(@RestClient ZoomUsersApi api, AccessTokenProvider accessTokens, ZoomRateBudget budget) {
        this.api = api;
        this.accessTokens = accessTokens;
        this.budget = budget;
    }

    /**
     * One logical call: up to 4 attempts of at most 5 s each; see {@link ZoomRetryPolicy} for what is retried. Within an
     * attempt, a 401 or code 124 is tried once more with a new access token when the provider can fetch one.
     */
    @AsynchronousNonBlocking
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 250, jitter = 0, maxDuration = 30, durationUnit = ChronoUnit.SECONDS)
    @RetryWhen(exception = RetryableZoomFailure.class)
    @CustomBackoff(ZoomBackoff.class)
    @BeforeRetry(RetryLog.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            successThreshold = 1, failOn = { ZoomServerException.class, ZoomTransportException.class,
                    ZoomMalformedResponseException.class, TimeoutException.class })
    @CircuitBreakerName(CIRCUIT_BREAKER)
    public Uni<ZoomTokenReply> getUserToken(UserTokenRequest request) {
        return send(request).onFailure(ZoomAuthenticationException.class)
                .recoverWithUni(rejected -> accessTokens.renewable() ? send(request) : Uni.createFrom().failure(rejected));
    }

    /** One call to Zoom: a slot in the rate budget, the request, and what its reply says about the budget. */
    private Uni<ZoomTokenReply> send(UserTokenRequest request) {
        return budget.permit()
                .chain(() -> api.getUserToken(request.userId(), request.type().wireValue(), request.ttlSeconds(),
                        request.meetingId()))
                .onFailure().transform(ZoomFailures::classify)
                .map(ZoomApiClient::toReply)
                .invoke(reply -> budget.observe(reply.rateLimit(), false))
                .onFailure(failure -> failure instanceof ZoomRateLimitedException
                        && !(failure instanceof ZoomRateBudgetExceededException))
                .invoke(failure -> budget.observe(((ZoomRateLimitedException) failure).rateLimit(), true));
    }

    private static ZoomTokenReply toReply(RestResponse<ZoomTokenResponse> response) {
        ZoomTokenResponse body = response.getEntity();
        if (body == null) {
            throw new ZoomMalformedResponseException("Zoom answered HTTP " + response.getStatus() + " without a body",
                    null);
        }
        return new ZoomTokenReply(body.token(), response.getHeaderString(ZoomErrorMapper.TRACKING_ID_HEADER),
                RateLimitHeaders.parse(response::getHeaderString, Instant.now()));
    }
}
