package dev.zoomtoken.internal.client;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import dev.zoomtoken.internal.auth.AccessTokenProvider;
import dev.zoomtoken.internal.http.ZoomFaultTolerance;
import dev.zoomtoken.internal.tracing.ZoomTracing;
import dev.zoomtoken.model.UserTokenRequest;
import dev.zoomtoken.model.ZoomAuthenticationException;
import dev.zoomtoken.model.ZoomCircuitOpenException;
import dev.zoomtoken.model.ZoomTimeoutException;
import io.smallrye.mutiny.Uni;

/**
 * One token call to Zoom made with a chosen set of credentials: the account's by default, or any other
 * {@link AccessTokenProvider} (a connected user's). The token is fetched first, under the provider's own retry policy,
 * so that fetching it is never retried again as a failed API call. When Zoom rejects it (401 or code 124), exactly the
 * token that was sent is reported to the provider that issued it, and the call is made once more with a new one when
 * the provider can fetch one. Every failure leaves as a {@link dev.zoomtoken.model.ZoomUserTokenException}.
 */
@ApplicationScoped
public class ZoomTokenCalls {

    private final ZoomApiClient zoom;
    private final AccessTokenProvider account;
    private final ZoomFaultTolerance faultTolerance;
    private final ZoomTracing tracing;

    ZoomTokenCalls(ZoomApiClient zoom, AccessTokenProvider account, ZoomFaultTolerance faultTolerance,
            ZoomTracing tracing) {
        this.zoom = zoom;
        this.account = account;
        this.faultTolerance = faultTolerance;
        this.tracing = tracing;
    }

    /** {@code request} made with the account's credentials. */
    public Uni<ZoomTokenReply> userToken(UserTokenRequest request) {
        return userToken(request, account);
    }

    /** {@code request} made with {@code credentials}. */
    public Uni<ZoomTokenReply> userToken(UserTokenRequest request, AccessTokenProvider credentials) {
        ZoomTracing.CallerContext caller = tracing.callerContext();
        return send(request, credentials, caller).onFailure(ZoomAuthenticationException.class)
                .recoverWithUni(rejected -> credentials.renewable()
                        ? caller.run(() -> send(request, credentials, caller))
                        : Uni.createFrom().failure(rejected))
                .onFailure().transform(this::toModuleException);
    }

    /** The call continues in {@code caller}'s trace context after waiting for an access token on another thread. */
    private Uni<ZoomTokenReply> send(UserTokenRequest request, AccessTokenProvider credentials,
            ZoomTracing.CallerContext caller) {
        return credentials.accessToken().chain(token -> caller.run(() -> zoom.getUserToken(request, token,
                credentials.account()))
                .onFailure(ZoomAuthenticationException.class).invoke(() -> credentials.rejected(token)));
    }

    /** The fault-tolerance layer's own refusals, as module exceptions; the circuit's wait is the configured delay. */
    private Throwable toModuleException(Throwable failure) {
        if (failure instanceof CircuitBreakerOpenException open) {
            return new ZoomCircuitOpenException(faultTolerance.circuitBreakerDelay(), open);
        }
        if (failure instanceof TimeoutException timeout) {
            return new ZoomTimeoutException("Zoom did not answer in time, on every attempt", timeout);
        }
        return failure;
    }
}
