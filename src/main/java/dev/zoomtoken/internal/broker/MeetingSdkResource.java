package dev.zoomtoken.internal.broker;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;

import dev.zoomtoken.ZoomMeetingSdk;
import dev.zoomtoken.internal.http.ZoomErrorMapper;
import dev.zoomtoken.model.MeetingSdkSignIn;
import dev.zoomtoken.model.MeetingSdkSignatureRequest;
import dev.zoomtoken.model.TokenType;
import dev.zoomtoken.model.UserToken;
import dev.zoomtoken.model.UserTokenRequest;
import dev.zoomtoken.model.ZoomNotConfiguredException;
import dev.zoomtoken.model.ZoomUserIds;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.security.Authenticated;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Meeting SDK sign-in in one authorized call: the Meeting SDK JWT and, when asked, the ZAK or OBF token it goes with
 * ({@link ZoomMeetingSdk}). The caller is authenticated, the body read strictly ({@link MeetingSdkRequest}) and the
 * caller authorized before anything is signed or Zoom is called: the account's user tokens under
 * {@link CallerPolicy}, a connection's for its own principal or for members of {@value CallerPolicy#ADMIN_GROUP}.
 */
@Path(MeetingSdkResource.PATH)
@Authenticated
@IfBuildProperty(name = "zoom.broker.enabled", stringValue = "true")
@SecurityRequirement(name = "caller-jwt")
public class MeetingSdkResource {

    /** The route; it serves POST only ({@link RouteMethods}). */
    static final String PATH = "/api/v1/meeting-sdk/signature";
    private static final Logger LOG = Logger.getLogger(MeetingSdkResource.class);

    private final ZoomMeetingSdk sdk;
    private final SecurityIdentity caller;

    MeetingSdkResource(ZoomMeetingSdk sdk, SecurityIdentity caller) {
        this.sdk = sdk;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "signMeetingSdk",
            summary = "Sign in to the Meeting SDK: the signature and its ZAK or OBF token",
            description = "Returns the Meeting SDK JWT (HS256, signed with the SDK secret) and, to start a meeting as "
                    + "its host, the host's ZAK (from the account's credentials, or a connection's), or, to join on a "
                    + "connected user's behalf, an OBF token. The answer's names map onto the Web SDK's "
                    + "client.join({signature, meetingNumber, zak, obfToken}). Authorization: a ZAK of the account "
                    + "only for the caller's own user (members of " + CallerPolicy.ADMIN_GROUP
                    + ": anyone's, and 'me'); "
                    + "a connection's token only for the caller's own connection (members of "
                    + CallerPolicy.ADMIN_GROUP + ": any principal's). A refused request signs nothing and calls no "
                    + "Zoom API. Problem documents have type urn:zoom-user-token:problem:<name>.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = MeetingSdkRequest.class)))
    @APIResponse(responseCode = "200", description = "The signature, with the ZAK or OBF token when asked for",
            headers = {
                    @Header(name = HttpHeaders.CACHE_CONTROL, description = "Always no-store",
                            schema = @Schema(type = SchemaType.STRING, enumeration = BrokerResponseHeaders.NO_STORE)),
                    @Header(name = BrokerResponseHeaders.PRAGMA, description = "Always no-cache",
                            schema = @Schema(type = SchemaType.STRING, enumeration = BrokerResponseHeaders.NO_CACHE)),
                    @Header(name = ZoomErrorMapper.TRACKING_ID_HEADER, description = "Zoom's tracking id of the user "
                            + "token's call", schema = @Schema(type = SchemaType.STRING)) },
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = MeetingSdkResponse.class)))
    @APIResponse(responseCode = "400", description = "invalid-request (with field): the body is not one JSON object, "
            + "has another field, a field twice or of another JSON type, or breaks a rule of its fields (field: "
            + "body, meeting_number, role, client, user_token, from, user, principal, expires_in, video_webrtc_mode); "
            + "nothing signed, Zoom not called. rejected-by-zoom: Zoom refused the token request (code 300)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", ref = BrokerOpenApi.UNAUTHENTICATED)
    @APIResponse(responseCode = "403", description = "forbidden: the caller may not have this user's ZAK or this "
            + "principal's connection; nothing signed, Zoom not called",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "user-not-found: Zoom does not know the user (code 1001/1010); "
            + "not-connected: the principal has no connection",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "405", description = "http-405: a method other than POST",
            headers = @Header(name = HttpHeaders.ALLOW, schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", ref = BrokerOpenApi.REAUTHORIZATION_REQUIRED)
    @APIResponse(responseCode = "415", description = "http-415: the body is not sent as application/json",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "no-token-issued: Zoom issued no token for this user",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", ref = BrokerOpenApi.RATE_LIMITED)
    @APIResponse(responseCode = "500", ref = BrokerOpenApi.INTERNAL_ERROR)
    @APIResponse(responseCode = "502", ref = BrokerOpenApi.UPSTREAM_ERROR)
    @APIResponse(responseCode = "503", description = "not-configured: no Meeting SDK credentials (or, for from "
            + "connection, connected users are off); zoom-unavailable: Zoom is failing (circuit open; see Retry-After)",
            headers = @Header(name = HttpHeaders.RETRY_AFTER, ref = BrokerOpenApi.ZOOM_RETRY_AFTER),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "504", ref = BrokerOpenApi.ZOOM_TIMEOUT)
    public Uni<RestResponse<MeetingSdkResponse>> sign(byte[] body, @Context ContainerRequestContext context) {
        if (!sdk.enabled()) {
            throw new ZoomNotConfiguredException(ZoomMeetingSdk.NOT_CONFIGURED);
        }
        MeetingSdkRequest request = MeetingSdkRequest.read(body);
        MeetingSdkSignatureRequest signature = request.signatureRequest();
        TokenType type = request.userTokenType();
        Uni<MeetingSdkSignIn> signIn;
        if (type == null) {
            context.setProperty(BrokerRequestLog.SUBJECT, BrokerRequestLog.NOBODY);
            signIn = sdk.signatureAsync(signature).map(signed -> new MeetingSdkSignIn(signed, null));
        } else if (request.fromConnection()) {
            String principal = request.principal() == null ? callerName() : request.principal();
            context.setProperty(BrokerRequestLog.SUBJECT, principal);
            authorize(principal.equals(callerName()) || caller.hasRole(CallerPolicy.ADMIN_GROUP), type);
            signIn = sdk.signInWithConnectionAsync(principal, signature,
                    request.userTokenRequest(ZoomUserIds.ME, type));
        } else {
            String user = request.user() == null ? callerName() : request.user();
            context.setProperty(BrokerRequestLog.SUBJECT, user);
            if (request.user() == null && !ZoomUserIds.isValid(user)) {
                authorize(false, type); // a principal that is no Zoom user id or email has no own user
            }
            UserTokenRequest userToken = request.userTokenRequest(user, type);
            authorize(CallerPolicy.mayGetTokenOf(caller, userToken.userId()), type);
            signIn = sdk.signInAsync(signature, userToken);
        }
        return signIn.map(result -> toResponse(result, request.meetingNumber()));
    }

    private void authorize(boolean allowed, TokenType type) {
        LOG.debugf("Caller (admin: %s) asks for a Meeting SDK signature with a %s token: %s",
                caller.hasRole(CallerPolicy.ADMIN_GROUP), type.wireValue(), allowed ? "allowed" : "denied");
        if (!allowed) {
            throw new ForbiddenException("The caller may only sign in with its own Zoom user or connection");
        }
    }

    private String callerName() {
        return caller.getPrincipal().getName();
    }

    private static RestResponse<MeetingSdkResponse> toResponse(MeetingSdkSignIn signIn, String meetingNumber) {
        RestResponse.ResponseBuilder<MeetingSdkResponse> response = RestResponse.ResponseBuilder.ok(
                MeetingSdkResponse.of(signIn, meetingNumber));
        UserToken token = signIn.userToken();
        if (token != null && token.trackingId() != null) {
            response.header(ZoomErrorMapper.TRACKING_ID_HEADER, token.trackingId());
        }
        return response.build();
    }
}
