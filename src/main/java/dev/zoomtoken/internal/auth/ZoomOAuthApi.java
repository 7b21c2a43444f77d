package dev.zoomtoken.internal.auth;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import dev.zoomtoken.internal.tracing.NoTracingClientOptions;
import io.quarkus.rest.client.reactive.NotBody;
import io.smallrye.mutiny.Uni;

/**
 * Zoom's OAuth token endpoint ({@code zoom.oauth-url}). Wrapped by {@link ZoomOAuthClient}; use that. Each call names
 * the app it is made for; {@link BasicHeaderFactory} sends that app's Basic header. Public for the same class-loader
 * reason as {@link dev.zoomtoken.internal.client.ZoomUsersApi}.
 */
@RegisterRestClient(configKey = "zoom-oauth")
@RegisterProvider(OAuthErrorMapper.class)
@RegisterProvider(NoTracingClientOptions.class)
@ClientHeaderParam(name = HttpHeaders.AUTHORIZATION, value = "{dev.zoomtoken.internal.auth.BasicHeaderFactory.header}")
public interface ZoomOAuthApi {

    /** {@code POST} with a form body, as Zoom asks: query-string parameters have been seen to fail. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<OAuthTokenResponse> requestToken(@NotBody OAuthAppCredentials app,
            @FormParam("grant_type") String grantType,
            @FormParam("account_id") String accountId);

    /** User-level OAuth: exchanges an authorization code, with its PKCE verifier. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<OAuthTokenResponse> exchangeCode(@NotBody OAuthAppCredentials app,
            @FormParam("grant_type") String grantType,
            @FormParam("code") String code,
            @FormParam("redirect_uri") String redirectUri,
            @FormParam("code_verifier") String codeVerifier);

    /** User-level OAuth: a new access token (and a new refresh token: Zoom rotates them) for a refresh token. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<OAuthTokenResponse> refresh(@NotBody OAuthAppCredentials app,
            @FormParam("grant_type") String grantType,
            @FormParam("refresh_token") String refreshToken);
}
