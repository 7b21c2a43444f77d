package dev.zoomtoken.internal.auth;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import dev.zoomtoken.internal.http.ZoomFailures;
import dev.zoomtoken.internal.http.ZoomFaultTolerance;
import dev.zoomtoken.model.ZoomMalformedResponseException;
import dev.zoomtoken.model.ZoomOAuthException;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;

/**
 * User-level OAuth at Zoom's token endpoint ({@code zoom.oauth-url}, shared with Server-to-Server OAuth) and revoke
 * endpoint. The code exchange is retried like the account's token request ({@link ZoomFaultTolerance}). A refresh is
 * sent once, under the attempt timeout: Zoom rotates the refresh token on every use, so a refresh whose answer was lost
 * cannot be repeated with the same token anyway, and a repeat would only turn a lost answer into
 * {@code invalid_grant}.
 */
@ApplicationScoped
public class UserOAuthClient {

    static final String USER_LEVEL_HINT = "Check ZOOM_USER_OAUTH_CLIENT_ID, ZOOM_USER_OAUTH_CLIENT_SECRET and "
            + "ZOOM_USER_OAUTH_REDIRECT_URI against the General app in the Zoom App Marketplace (its redirect URL and "
            + "the scopes user:read:token and user:read:user)";

    private final ZoomOAuthApi tokens;
    private final ZoomRevokeApi revocations;
    private final ZoomFaultTolerance faultTolerance;
    private final TypedGuard<Uni<OAuthTokenResponse>> codeExchanges;

    UserOAuthClient(@RestClient ZoomOAuthApi tokens, @RestClient ZoomRevokeApi revocations,
            ZoomFaultTolerance faultTolerance) {
        this.tokens = tokens;
        this.revocations = revocations;
        this.faultTolerance = faultTolerance;
        this.codeExchanges = faultTolerance.guard(ZoomFaultTolerance.Call.CODE_EXCHANGE);
    }

    /** The tokens for an authorization code (PKCE: with the verifier of the challenge sent to the authorize page). */
    public Uni<OAuthTokenResponse> exchangeCode(UserOAuthCredentials app, String code, String redirectUri,
            String codeVerifier) {
        return codeExchanges.get(() -> faultTolerance.attempt(checked(tokens.exchangeCode(app, "authorization_code",
                code, redirectUri, codeVerifier))));
    }

    /** New tokens for {@code refreshToken}, which Zoom then no longer accepts. */
    public Uni<OAuthTokenResponse> refresh(UserOAuthCredentials app, String refreshToken) {
        return faultTolerance.sentOnce(checked(tokens.refresh(app, "refresh_token", refreshToken)),
                "a refresh at its token endpoint");
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
