package dev.zoomtoken.internal.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;

import dev.zoomtoken.internal.auth.AccessToken;
import dev.zoomtoken.internal.http.ZoomErrorMapper;
import dev.zoomtoken.internal.tracing.NoTracingClientOptions;
import dev.zoomtoken.internal.tracing.ZoomTracing;
import io.quarkus.rest.client.reactive.NotBody;
import io.smallrye.mutiny.Uni;

/**
 * Zoom's users API, as far as this module needs it. Each call takes the {@link AccessToken} it is made with, which
 * {@link BearerHeaderFactory} sends as the bearer header. Wrapped by {@link ZoomApiClient}; use that. Public only
 * because Quarkus generates the client's CDI wrapper in the consuming application's class loader, which cannot
 * implement a package-private interface of a dependency jar.
 */
@Path("/users")
@RegisterRestClient(configKey = ZoomUsersApi.CONFIG_KEY)
@RegisterProvider(ZoomErrorMapper.class)
@RegisterProvider(NoTracingClientOptions.class)
@ClientHeaderParam(name = HttpHeaders.AUTHORIZATION,
        value = "{dev.zoomtoken.internal.client.BearerHeaderFactory.header}")
public interface ZoomUsersApi {

    /** The configuration key of this client: {@code quarkus.rest-client.zoom-api.*}. */
    String CONFIG_KEY = "zoom-api";

    /**
     * {@code GET /users/{userId}/token} made with {@code accessToken}. Null query parameters are left out, and so is
     * a null {@code traceparent}.
     */
    @GET
    @Path("/{userId}/token")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<RestResponse<ZoomTokenResponse>> getUserToken(@NotBody AccessToken accessToken,
            @HeaderParam(ZoomTracing.TRACEPARENT) String traceparent,
            @PathParam("userId") String userId,
            @QueryParam("type") String type,
            @QueryParam("ttl") Long ttl,
            @QueryParam("meeting_id") String meetingId);

    /** {@code GET /users/me}: the user a user-level access token belongs to. */
    @GET
    @Path("/me")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<ZoomMe> me(@NotBody AccessToken accessToken);
}
