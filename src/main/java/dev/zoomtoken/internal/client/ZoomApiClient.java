package dev.zoomtoken.internal.client;

import java.time.Instant;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestResponse;

import dev.zoomtoken.internal.auth.AccessToken;
import dev.zoomtoken.internal.http.RateLimitHeaders;
import dev.zoomtoken.internal.http.ZoomErrorMapper;
import dev.zoomtoken.internal.http.ZoomFailures;
import dev.zoomtoken.internal.http.ZoomFaultTolerance;
import dev.zoomtoken.internal.ratelimit.ZoomRateBudget;
import dev.zoomtoken.internal.tracing.ZoomTracing;
import dev.zoomtoken.model.UserTokenRequest;
import dev.zoomtoken.model.ZoomMalformedResponseException;
import dev.zoomtoken.model.ZoomRateLimitedException;
import io.quarkus.rest.client.reactive.runtime.RestClientCDIDelegateBuilder;
import io.quarkus.runtime.Startup;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;

/**
 * Calls Zoom's users API under the fault tolerance of {@link ZoomFaultTolerance}: the token call with its retries,
 * circuit breaker and attempt timeout, {@code GET /users/me} once under the attempt timeout. Failures arrive as this
 * module's typed exceptions. Made at startup, so that its circuit breaker exists for readiness and
 * {@code CircuitBreakerMaintenance} before the first call.
 */
@Startup
@ApplicationScoped
public class ZoomApiClient {

    private final EventLoopClients<ZoomUsersApi> apis;
    private final ZoomRateBudget budget;
    private final ZoomFaultTolerance faultTolerance;
    private final TypedGuard<Uni<ZoomTokenReply>> tokenCalls;
    private final ZoomTracing tracing;

    ZoomApiClient(@RestClient ZoomUsersApi api, ZoomRateBudget budget, ZoomFaultTolerance faultTolerance,
            ZoomTracing tracing) {
        this.apis = new EventLoopClients<>(api,
                () -> RestClientCDIDelegateBuilder.createDelegate(ZoomUsersApi.class, null, ZoomUsersApi.CONFIG_KEY));
        this.budget = budget;
        this.faultTolerance = faultTolerance;
        this.tracing = tracing;
        this.tokenCalls = faultTolerance.guard(ZoomFaultTolerance.Call.USER_TOKEN);
    }

    /**
     * One logical call: a few attempts, each under the attempt timeout (see {@link ZoomFaultTolerance}). Every attempt
     * sends {@code accessToken} and spends {@code account}'s rate budget; a 401 or code 124 ends the call with
     * {@link dev.zoomtoken.model.ZoomAuthenticationException} so that the caller, who knows whose token it was, can
     * replace exactly that one (see {@link ZoomTokenCalls}).
     */
    public Uni<ZoomTokenReply> getUserToken(UserTokenRequest request, AccessToken accessToken, String account) {
        ZoomTracing.Attempts attempts = tracing.attempts();
        return tokenCalls.get(() -> {
            ZoomTracing.Attempt traced = attempts.next();
            return faultTolerance.attempt(attempts.inCall(budget.permit(account))
                    .chain(() -> {
                        traced.sending();
                        Instant sentAt = Instant.now();
                        return apis.current().getUserToken(accessToken, traced.traceparent(), request.userId(),
                                request.type().wireValue(), request.ttlSeconds(), request.meetingId())
                                .onFailure().transform(ZoomFailures::classify)
                                .invoke(response -> traced.answered(response.getStatus(),
                                        response.getHeaderString(ZoomErrorMapper.TRACKING_ID_HEADER)))
                                .map(response -> toReply(response, sentAt));
                    })
                    .invoke(reply -> budget.observe(account, reply.rateLimit(), false))
                    .onFailure(ZoomRateLimitedException.class)
                    .invoke(failure -> budget.observe(account, ((ZoomRateLimitedException) failure).rateLimit(),
                            true)))
                    .onTermination().invoke((reply, failure, cancelled) -> traced.ended(failure, cancelled));
        });
    }

    /**
     * Who {@code accessToken} belongs to ({@code GET /users/me}), sent once under the attempt timeout; it is asked once
     * per authorization, and the user can start again.
     */
    public Uni<ZoomMe> me(AccessToken accessToken) {
        return faultTolerance.sentOnce(apis.current().me(accessToken).onFailure().transform(ZoomFailures::classify),
                "GET /users/me")
                .map(me -> {
                    if (me == null || me.id() == null || me.id().isBlank() || me.accountId() == null
                            || me.accountId().isBlank()) {
                        throw new ZoomMalformedResponseException("GET /users/me answered without id and account_id",
                                null);
                    }
                    return me;
                });
    }

    @PreDestroy
    void close() {
        apis.close();
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
