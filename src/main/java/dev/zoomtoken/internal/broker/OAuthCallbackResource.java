package dev.zoomtoken.internal.broker;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import dev.zoomtoken.ZoomConnections;
import dev.zoomtoken.internal.config.ZoomConfig;
import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.mutiny.Uni;

/**
 * Where Zoom sends the user's browser back after an authorization. No caller JWT: the single-use state authenticates
 * the request. Answers 303 to {@code zoom.user-oauth.return-url} when set, else a small page.
 */
@Path(OAuthCallbackResource.PATH)
@IfBuildProperty(name = "zoom.broker.enabled", stringValue = "true")
public class OAuthCallbackResource {

    /** Where Zoom sends the browser back: the redirect URI to register at Zoom. */
    static final String PATH = "/oauth/zoom/callback";

    private static final String PAGE = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Zoom "
            + "connected</title></head><body><p>Your Zoom account is connected. You can close this window.</p></body>"
            + "</html>";

    private final ZoomConnections connections;
    private final ZoomConfig.UserOAuth settings;

    OAuthCallbackResource(ZoomConnections connections, ZoomConfig config) {
        this.connections = connections;
        this.settings = config.userOauth();
    }

    @GET
    @APIResponse(responseCode = "400", description = "authorization-failed: unknown, expired or reused state, declined, or the code refused",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "200", description = "Connected: a small page (no return URL set)")
    @APIResponse(responseCode = "303", description = "Connected: to zoom.user-oauth.return-url")
    @Operation(operationId = "oauthCallback", summary = "Zoom's redirect after an authorization (no caller JWT)")
    public Uni<Response> callback(@QueryParam("code") String code, @QueryParam("state") String state,
            @QueryParam("error") String error) {
        return connections.complete(code, state, error).map(principal -> {
            Response.ResponseBuilder response = settings.returnUrl().isPresent()
                    ? Response.seeOther(settings.returnUrl().get())
                    : Response.ok(PAGE, MediaType.TEXT_HTML_TYPE.withCharset("utf-8"));
            return response.header(HttpHeaders.CACHE_CONTROL, "no-store").header("Referrer-Policy", "no-referrer")
                    .build();
        });
    }
}
