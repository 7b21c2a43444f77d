package dev.zoomtoken.internal.auth;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;

import dev.zoomtoken.internal.tracing.NoTracingClientOptions;
import io.quarkus.rest.client.reactive.NotBody;
import io.smallrye.mutiny.Uni;

/**
 * Zoom's token revocation endpoint ({@code zoom.user-oauth.revoke-url}), with the Basic header of the app each call
 * names ({@link BasicHeaderFactory}). Wrapped by {@link UserOAuthClient}; public for the same class-loader reason as
 * {@link dev.zoomtoken.internal.client.ZoomUsersApi}.
 */
@RegisterRestClient(configKey = "zoom-oauth-revoke")
@RegisterProvider(OAuthErrorMapper.class)
@RegisterProvider(NoTracingClientOptions.class)
@ClientHeaderParam(name = HttpHeaders.AUTHORIZATION, value = "{dev.zoomtoken.internal.auth.BasicHeaderFactory.header}")
public interface ZoomRevokeApi {

    /** Revokes {@code token}; Zoom uninstalls the app for its user and sends an {@code app_deauthorized} event. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    Uni<RestResponse<Void>> revoke(@NotBody OAuthAppCredentials app, @FormParam("token") String token);
}
