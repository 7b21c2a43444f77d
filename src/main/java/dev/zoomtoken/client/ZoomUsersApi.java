package dev.zoomtoken.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;

import dev.zoomtoken.auth.BearerHeaders;
import io.smallrye.mutiny.Uni;

/**
 * Zoom's users API, as far as this module needs it. Wrapped by {@link ZoomApiClient}; use that. Public only because
 * Quarkus generates the client's CDI wrapper in the consuming application's class loader, which cannot implement a
 * package-private interface of a dependency jar.
 */
@Path("/users")
@RegisterRestClient(configKey = "zoom-api")
@RegisterClientHeaders(BearerHeaders.class)
@RegisterProvider(ZoomErrorMapper.class)
@RegisterProvider(RejectedTokenFilter.class)
public interface ZoomUsersApi {

    /** {@code GET /users/{userId}/token}; null query parameters are left out. */
    @GET
    @Path("/{userId}/token")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<RestResponse<ZoomTokenResponse>> getUserToken(@PathParam("userId") String userId,
            @QueryParam("type") String type,
            @QueryParam("ttl") Long ttl,
            @QueryParam("meeting_id") String meetingId);
}
