package dev.zoomtoken.internal.auth;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;

/**
 * Zoom's OAuth token endpoint ({@code zoom.oauth-url}). Wrapped by {@link ZoomOAuthClient}; use that. Public for the
 * same class-loader reason as {@link dev.zoomtoken.internal.client.ZoomUsersApi}.
 */
@RegisterRestClient(configKey = "zoom-oauth")
@RegisterProvider(OAuthErrorMapper.class)
public interface ZoomOAuthApi {

    /** {@code POST} with a form body, as Zoom asks: query-string parameters have been seen to fail. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<OAuthTokenResponse> requestToken(@HeaderParam(HttpHeaders.AUTHORIZATION) String basicAuthorization,
            @FormParam("grant_type") String grantType,
            @FormParam("account_id") String accountId);
}
