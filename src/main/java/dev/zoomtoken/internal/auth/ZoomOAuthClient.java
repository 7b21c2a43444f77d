package dev.zoomtoken.internal.auth;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import dev.zoomtoken.model.ZoomMalformedResponseException;
import dev.zoomtoken.internal.http.RetryableZoomFailure;
import dev.zoomtoken.internal.http.ZoomBackoff;
import dev.zoomtoken.internal.http.ZoomFailures;
import dev.zoomtoken.internal.http.ZoomRetryPolicy;
import io.smallrye.faulttolerance.api.AsynchronousNonBlocking;
import io.smallrye.faulttolerance.api.BeforeRetry;
import io.smallrye.faulttolerance.api.CustomBackoff;
import io.smallrye.faulttolerance.api.RetryWhen;
import io.smallrye.mutiny.Uni;

/**
 * Requests Server-to-Server OAuth access tokens, with the same timeout and retry policy as API calls (see
 * {@link dev.zoomtoken.internal.http.ZoomRetryPolicy}); a request made for a token call is bounded by that call's
 * deadline, so the retry has no duration limit of its own. Tune it with
 * {@code quarkus.fault-tolerance."dev.zoomtoken.internal.auth.ZoomOAuthClient/requestToken".<strategy>.<setting>}.
 */
@ApplicationScoped
public class ZoomOAuthClient {

    private final ZoomOAuthApi api;

    ZoomOAuthClient(@RestClient ZoomOAuthApi api) {
        this.api = api;
    }

    /** A new access token for the account. */
    @AsynchronousNonBlocking
    @Timeout(value = ZoomRetryPolicy.ATTEMPT_TIMEOUT_SECONDS, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = ZoomRetryPolicy.MAX_RETRIES, delay = ZoomRetryPolicy.FIRST_BACKOFF_MILLIS, jitter = 0,
            maxDuration = 0)
    @RetryWhen(exception = RetryableZoomFailure.class)
    @CustomBackoff(ZoomBackoff.class)
    @BeforeRetry(OAuthRetryLog.class)
    public Uni<OAuthTokenResponse> requestToken(ServerToServerCredentials credentials) {
        return api.requestToken(credentials, "account_credentials", credentials.accountId())
                .onFailure().transform(ZoomFailures::classify)
                .map(response -> {
                    if (response == null || response.accessToken() == null || response.accessToken().isBlank()) {
                        throw new ZoomMalformedResponseException(
                                "Zoom's OAuth endpoint answered without an access_token", null);
                    }
                    return response;
                });
    }
}
