package dev.zoomtoken.internal.auth;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import dev.zoomtoken.internal.http.ZoomFailures;
import dev.zoomtoken.internal.http.ZoomFaultTolerance;
import dev.zoomtoken.model.ZoomMalformedResponseException;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;

/**
 * Requests Server-to-Server OAuth access tokens, retried like API calls and each attempt under the attempt timeout
 * ({@link ZoomFaultTolerance}); a request made for a token call is bounded by that call's deadline.
 */
@ApplicationScoped
public class ZoomOAuthClient {

    private final ZoomOAuthApi api;
    private final ZoomFaultTolerance faultTolerance;
    private final TypedGuard<Uni<OAuthTokenResponse>> requests;

    ZoomOAuthClient(@RestClient ZoomOAuthApi api, ZoomFaultTolerance faultTolerance) {
        this.api = api;
        this.faultTolerance = faultTolerance;
        this.requests = faultTolerance.guard(ZoomFaultTolerance.Call.SERVER_TO_SERVER_TOKEN);
    }

    /** A new access token for the account. */
    public Uni<OAuthTokenResponse> requestToken(ServerToServerCredentials credentials) {
        return requests.get(() -> faultTolerance.attempt(
                api.requestToken(credentials, "account_credentials", credentials.accountId())
                        .onFailure().transform(ZoomFailures::classify)
                        .map(response -> {
                            if (response == null || response.accessToken() == null
                                    || response.accessToken().isBlank()) {
                                throw new ZoomMalformedResponseException(
                                        "Zoom's OAuth endpoint answered without an access_token", null);
                            }
                            return response;
                        })));
    }
}
