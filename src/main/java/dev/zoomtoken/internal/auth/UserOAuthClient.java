package dev.zoomtoken.internal.auth;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import dev.zoomtoken.internal.http.RetryableZoomFailure;
import dev.zoomtoken.internal.http.ZoomBackoff;
import dev.zoomtoken.internal.http.ZoomFailures;
import dev.zoomtoken.internal.http.ZoomRetryPolicy;
import dev.zoomtoken.model.ZoomMalformedResponseException;
import dev.zoomtoken.model.ZoomOAuthException;
import dev.zoomtoken.model.ZoomTimeoutException;
import io.smallrye.faulttolerance.api.AsynchronousNonBlocking;
import io.smallrye.faulttolerance.api.BeforeRetry;
import io.smallrye.faulttolerance.api.CustomBackoff;
import io.smallrye.faulttolerance.api.RetryWhen;
import io.smallrye.mutiny.Uni;

/**
 * User-level OAuth at Zoom's token endpoint ({@code zoom.oauth-url}, shared with Server-to-Server OAuth) and revoke
 * endpoint. The code exchange is retried like the account's token request. A refresh is sent once: Zoom rotates the
 * refresh token on every use, so a refresh whose answer was lost cannot be repeated with the same token anyway, and a
 * repeat would only turn a lost answer into {@code invalid_grant}.
 */
@ApplicationScoped
public class UserOAuthClient {

    static final String USER_LEVEL_HINT = "Check ZOOM_USER_OAUTH_CLIENT_ID, ZOOM_USER_OAUTH_CLIENT_SECRET and "
            + "ZOOM_USER_OAUTH_REDIRECT_URI against the General app in the Zoom App Marketplace (its redirect URL and "
            + "the scopes user:read:token and user:read:user)";

    private final ZoomOAuthApi tokens;
    private final ZoomRevokeApi revocations;

    UserOAuthClient(@RestClient ZoomOAuthApi tokens, @RestClient ZoomRevokeApi revocations) {
        this.tokens = tokens;
        this.revocations = revocations;
    }

    /** The tokens for an authorization code (PKCE: with the verifier of the challenge sent to the authorize page). */
    @AsynchronousNonBlocking
    @Timeout(value = ZoomRetryPolicy.ATTEMPT_TIMEOUT_SECONDS, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = ZoomRetryPolicy.MAX_RETRIES, delay = ZoomRetryPolicy.FIRST_BACKOFF_MILLIS, jitter = 0,
            maxDuration = 0)
    @RetryWhen(exception = RetryableZoomFailure.class)
    @CustomBackoff(ZoomBackoff.class)
    @BeforeRetry(OAuthRetryLog.class)
    public Uni<OAuthTokenResponse> exchangeCode(UserOAuthCredentials app, String code, String redirectUri,
            String codeVerifier) {
        return checked(tokens.exchangeCode(app, "authorization_code", code, redirectUri,
                codeVerifier));
    }

    /** New tokens for {@code refreshToken}, which Zoom then no longer accepts. */
    public Uni<OAuthTokenResponse> refresh(UserOAuthCredentials app, String refreshToken) {
        return checked(tokens.refresh(app, "refresh_token", refreshToken))
                .ifNoItem().after(Duration.ofSeconds(ZoomRetryPolicy.ATTEMPT_TIMEOUT_SECONDS))
                .failWith(() -> new ZoomTimeoutException("Zoom's token endpoint did not answer "
                        + "a refresh in time", null));
    }

    /** Revokes {@code token} at Zoom; fails like the other calls when Zoom refuses. */
    public Uni<Void> revoke(UserOAuthCredentials app, String token) {
        return revocations.revoke(app, token).onFailure().transform(ZoomFailures::classify)
                .onFailure(ZoomOAuthException.class).transform(UserOAuthClient::userLevel).replaceWithVoid();
    }

    /** A refusal told in user-level terms: the shared error mapper's hints are about Server-to-Server apps. */
    private static Throwable userLevel(Throwable failure) {
        ZoomOAuthException refused = (ZoomOAuthException) failure;
        return refused.details().<Throwable>map(details -> new ZoomOAuthException("user-level OAuth request", details,
                USER_LEVEL_HINT)).orElse(refused);
    }

    private static Uni<OAuthTokenResponse> checked(Uni<OAuthTokenResponse> call) {
        return call.onFailure().transform(ZoomFailures::classify).onFailure(ZoomOAuthException.class)
                .transform(UserOAuthClient::userLevel).map(response -> {
            if (response == null || response.accessToken() == null || response.accessToken().isBlank()
                    || response.refreshToken() == null || response.refreshToken().isBlank()) {
                throw new ZoomMalformedResponseException(
                        "Zoom's OAuth endpoint answered without an access_token and refresh_token", null);
            }
            return response;
        });
    }
}
