package dev.zoomtoken.internal.broker;

import java.time.temporal.ChronoUnit;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;

import dev.zoomtoken.ZoomUserTokens;
import dev.zoomtoken.internal.http.ZoomErrorMapper;
import dev.zoomtoken.model.InvalidTokenRequestException;
import dev.zoomtoken.model.UserToken;
import dev.zoomtoken.model.UserTokenRequest;
import dev.zoomtoken.model.ZoomUserIds;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.security.Authenticated;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * The account's token endpoint: authenticates the caller's JWT, reads the user and the parameters from the raw path
 * and query ({@link TokenRequestTarget}, so the user authorized is the user asked for), checks {@link CallerPolicy},
 * and returns the Zoom user's token. Nothing is sent to Zoom before all of that; every failure is a problem document
 * (see {@link ProblemResponses}).
 */
@Path(TokenRequestTarget.USER_TOKEN_ROUTE)
@Authenticated
@IfBuildProperty(name = "zoom.broker.enabled", stringValue = "true")
@SecurityScheme(securitySchemeName = "caller-jwt", type = SecuritySchemeType.HTTP, scheme = "bearer",
        bearerFormat = "JWT")
@SecurityRequirement(name = "caller-jwt")
public class UserTokenResource {

    private static final Logger LOG = Logger.getLogger(UserTokenResource.class);

    private final ZoomUserTokens tokens;
    private final SecurityIdentity caller;

    UserTokenResource(ZoomUserTokens tokens, SecurityIdentity caller) {
        this.tokens = tokens;
        this.caller = caller;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getUserToken", summary = "Get a Zoom user's token",
            description = "Returns a ZAK (start meetings as host), an OBF token (join a meeting on the user's behalf) "
                    + "or the deprecated SDK token. Callers may get their own user's token; members of group "
                    + CallerPolicy.ADMIN_GROUP + " may get anyone's and use 'me'. Problem documents have type "
                    + "urn:zoom-user-token:problem:<name>; each response below names its values.")
    @APIResponse(responseCode = "200", description = "The token",
            headers = @Header(name = ZoomErrorMapper.TRACKING_ID_HEADER, description = "Zoom's tracking id",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = TokenResponse.class)))
    @APIResponse(responseCode = "400",
            description = "invalid-request (with field): invalid user id, type, ttl, meeting id, query, "
                    + "Authorization header or body, Zoom not called; rejected-by-zoom: Zoom refused the request "
                    + "(code 300); http-400: the request could not be read (no Host header, a target that is not "
                    + "a path)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", ref = BrokerOpenApi.UNAUTHENTICATED)
    @APIResponse(responseCode = "403", description = "forbidden: the caller may not get this user's token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "user-not-found: Zoom does not know this user in the account "
            + "(code 1001/1010); http-404: no such path",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "no-token-issued: Zoom issued no token for this user (Google or "
            + "Facebook sign-in)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", ref = BrokerOpenApi.RATE_LIMITED)
    @APIResponse(responseCode = "500", ref = BrokerOpenApi.INTERNAL_ERROR)
    @APIResponse(responseCode = "502", ref = BrokerOpenApi.UPSTREAM_ERROR)
    @APIResponse(responseCode = "503",
            description = "zoom-unavailable: Zoom is failing (circuit open; see Retry-After); "
                    + "not-configured: the broker has no Zoom credentials",
            headers = @Header(name = HttpHeaders.RETRY_AFTER, ref = BrokerOpenApi.ZOOM_RETRY_AFTER),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "504", ref = BrokerOpenApi.ZOOM_TIMEOUT)
    @Parameter(name = "userId", in = ParameterIn.PATH, required = true,
            description = "'me' (admins only), a Zoom user id or the user's email address",
            schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = ZoomUserIds.MAX_EMAIL_LENGTH,
                    pattern = ZoomUserIds.PATTERN))
    @Parameter(name = "type", in = ParameterIn.QUERY, description = "Token type (exact, lower case)",
            schema = @Schema(type = SchemaType.STRING, enumeration = { "zak", "onbehalf", "token" },
                    defaultValue = "zak"))
    @Parameter(name = "ttl", in = ParameterIn.QUERY, description = "Lifetime in seconds (zak and onbehalf only)",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "31536000"))
    @Parameter(name = "meeting_id", in = ParameterIn.QUERY, description = "Numeric meeting id; required for onbehalf",
            schema = @Schema(type = SchemaType.STRING, pattern = "^[0-9]{1,20}$"))
    public Uni<RestResponse<TokenResponse>> token(@Context HttpServerRequest raw,
            @Context ContainerRequestContext context) {
        UserTokenRequest request = TokenRequestTarget.userRequest(raw.path(), raw.query());
        if (request == null) {
            throw new InvalidTokenRequestException("userId", "the path must be " + TokenRequestTarget.USER_TOKEN_ROUTE
                    + " with exactly one user segment");
        }
        context.setProperty(BrokerRequestLog.SUBJECT, request);
        boolean allowed = CallerPolicy.mayGetTokenOf(caller, request.userId());
        LOG.debugf("Caller (admin: %s) asks for a %s token: %s", caller.hasRole(CallerPolicy.ADMIN_GROUP),
                request.type().wireValue(), allowed ? "allowed" : "denied");
        if (!allowed) {
            throw new ForbiddenException("The caller may only get its own Zoom user's token");
        }
        return tokens.getAsync(request).map(UserTokenResource::toResponse);
    }

    /** The token, with Zoom's tracking id as a header so callers can quote it to support. */
    static RestResponse<TokenResponse> toResponse(UserToken token) {
        TokenResponse body = new TokenResponse(token.value(), token.type().wireValue(),
                token.expiresAt() == null ? null : token.expiresAt().truncatedTo(ChronoUnit.SECONDS));
        RestResponse.ResponseBuilder<TokenResponse> response = RestResponse.ResponseBuilder.ok(body);
        if (token.trackingId() != null) {
            response.header(ZoomErrorMapper.TRACKING_ID_HEADER, token.trackingId());
        }
        return response.build();
    }
}
