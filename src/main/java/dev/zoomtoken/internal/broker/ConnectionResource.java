package dev.zoomtoken.internal.broker;

import java.util.Set;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.RestResponse;

import dev.zoomtoken.ZoomConnections;
import dev.zoomtoken.model.ZoomNotConnectedException;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.security.Authenticated;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * Connected users over HTTP, for the caller of the JWT: start an authorization, confirm it, see the connection, mint
 * its user's ZAK or OBF token, disconnect. Members of {@value CallerPolicy#ADMIN_GROUP} may also mint tokens of another
 * principal's connection (a bot backend joining for the user it acts for). Token queries follow the same rules as
 * the users' token endpoint ({@link TokenRequestTarget}).
 */
@Path(ConnectionResource.PATH)
@Authenticated
@IfBuildProperty(name = "zoom.broker.enabled", stringValue = "true")
@SecurityRequirement(name = "caller-jwt")
@APIResponse(responseCode = "401", ref = BrokerOpenApi.UNAUTHENTICATED)
@APIResponse(responseCode = "503", description = "not-configured: connected users are off; store-unavailable: their "
        + "database cannot be reached (Retry-After: 1)",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class ConnectionResource {

    /** The connections API; the routes below are relative to it. */
    static final String PATH = "/api/v1/connections";
    /** An admin's route to another principal's connection, as the HTTP meters name it. */
    static final String TOKEN_OF_ROUTE = PATH + "/{principal}/token";

    private final ZoomConnections connections;
    private final SecurityIdentity caller;

    ConnectionResource(ZoomConnections connections, SecurityIdentity caller) {
        this.connections = connections;
        this.caller = caller;
    }

    @POST
    @Path("/me/authorize")
    @Blocking
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "authorizeConnection", summary = "Start connecting the caller's Zoom user",
            description = "Returns Zoom's authorization page to send the user's browser to (single-use state, valid "
                    + "10 minutes, PKCE S256).")
    @APIResponse(responseCode = "200", description = "Zoom's authorization page for the browser",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ConnectionResponses.Authorize.class)))
    public ConnectionResponses.Authorize authorize() {
        return ConnectionResponses.Authorize.of(connections.authorize(principal()));
    }

    @POST
    @Path("/me/confirm")
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "confirmConnection", summary = "Finish connecting the caller's Zoom user",
            description = "Send the confirmation code that the callback gave the browser (the return URL's "
                    + OAuthCallbackResource.CONFIRMATION_PARAMETER + " parameter) with the JWT of the caller signed in "
                    + "that browser. Stores the connection only when that caller started the authorization; the code "
                    + "works once, for 10 minutes.")
    @APIResponse(responseCode = "400", description = "authorization-failed: unknown, expired or used code, or an "
            + "authorization another caller started; missing-scope: the user granted neither user:read:token nor "
            + "user:read:zak (nothing stored, the grant revoked at Zoom); invalid-request: no code, or a body that is "
            + "not one JSON object with only the field confirmation (a string)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "411", ref = BrokerOpenApi.LENGTH_REQUIRED)
    @APIResponse(responseCode = "413", ref = BrokerOpenApi.BODY_TOO_LARGE)
    @APIResponse(responseCode = "200", description = "Connected: the connection, never a token",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ConnectionResponses.Connection.class)))
    public ConnectionResponses.Connection confirm(
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ConnectionResponses.Confirm.class))) byte[] body) {
        String confirmation = JsonBody.of(body, Set.of(ConnectionResponses.Confirm.FIELD), Set.of())
                .text(ConnectionResponses.Confirm.FIELD).orElse(null);
        return ConnectionResponses.Connection.of(connections.confirm(principal(), confirmation));
    }

    @GET
    @Path("/me")
    @Blocking
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getConnection", summary = "The caller's connection (never a token); 404 not-connected")
    @APIResponse(responseCode = "404", description = "not-connected: the caller has no connection",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "200", description = "The connection, never a token",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ConnectionResponses.Connection.class)))
    public ConnectionResponses.Connection status() {
        return connections.status(principal()).map(ConnectionResponses.Connection::of)
                .orElseThrow(ZoomNotConnectedException::new);
    }

    @GET
    @Path("/me/token")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getConnectionToken", summary = "A token of the caller's connected Zoom user",
            description = "type, ttl and meeting_id as for /api/v1/users/{userId}/token; 409 reauthorization-required "
                    + "when Zoom refused the connection's refresh token.")
    @APIResponse(responseCode = "400", ref = BrokerOpenApi.CONNECTION_TOKEN_REFUSED)
    @APIResponse(responseCode = "404", ref = BrokerOpenApi.NOT_CONNECTED)
    @APIResponse(responseCode = "409", ref = BrokerOpenApi.REAUTHORIZATION_REQUIRED)
    @APIResponse(responseCode = "429", ref = BrokerOpenApi.CONNECTION_RATE_LIMITED)
    @APIResponse(responseCode = "200", description = "The token",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = TokenResponse.class)))
    public Uni<RestResponse<TokenResponse>> token(@Context HttpServerRequest request) {
        return mint(principal(), request);
    }

    @GET
    @Path("/{principal}/token")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getConnectionTokenOf", summary = "A token of another principal's connection (admins)")
    @APIResponse(responseCode = "400", ref = BrokerOpenApi.CONNECTION_TOKEN_REFUSED)
    @APIResponse(responseCode = "404", ref = BrokerOpenApi.NOT_CONNECTED)
    @APIResponse(responseCode = "409", ref = BrokerOpenApi.REAUTHORIZATION_REQUIRED)
    @APIResponse(responseCode = "429", ref = BrokerOpenApi.CONNECTION_RATE_LIMITED)
    @APIResponse(responseCode = "403", description = "forbidden: not a member of zoom-token-admin",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "200", description = "The token",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = TokenResponse.class)))
    public Uni<RestResponse<TokenResponse>> tokenOf(@PathParam("principal") String ignored,
            @Context HttpServerRequest request) {
        if (!caller.hasRole(CallerPolicy.ADMIN_GROUP)) {
            throw new ForbiddenException("Only members of " + CallerPolicy.ADMIN_GROUP + " may use another connection");
        }
        String raw = request.path().substring(PATH.length() + 1,
                request.path().length() - "/token".length());
        return mint(TokenRequestTarget.decode(raw, "principal"), request);
    }

    @DELETE
    @Path("/me")
    @Operation(operationId = "deleteConnection", summary = "Disconnect: revoke at Zoom (best effort) and delete")
    @APIResponse(responseCode = "204", description = "Disconnected (or there was no connection)")
    public Uni<RestResponse<Void>> disconnect() {
        return connections.disconnectAsync(principal()).map(deleted -> RestResponse.noContent());
    }

    private Uni<RestResponse<TokenResponse>> mint(String principal, HttpServerRequest request) {
        return connections.tokenAsync(principal, TokenRequestTarget.request("me", request.query()))
                .map(UserTokenResource::toResponse);
    }

    private String principal() {
        return caller.getPrincipal().getName();
    }
}
