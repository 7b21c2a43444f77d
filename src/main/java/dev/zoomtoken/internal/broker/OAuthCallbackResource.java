package dev.zoomtoken.internal.broker;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
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
 * the request. Answers 303 to {@code zoom.user-oauth.return-url} with the confirmation code in
 * {@value #CONFIRMATION_PARAMETER} when set, else a small page that shows the code; the application then confirms it
 * with the caller's JWT ({@code POST /api/v1/connections/me/confirm}).
 */
@Path(OAuthCallbackResource.PATH)
@IfBuildProperty(name = "zoom.broker.enabled", stringValue = "true")
public class OAuthCallbackResource {

    /** Where Zoom sends the browser back: the redirect URI to register at Zoom. */
    static final String PATH = "/oauth/zoom/callback";

    /** The query parameter of the return URL that carries the confirmation code to the application. */
    static final String CONFIRMATION_PARAMETER = "zoom_confirmation";

    private static final String PAGE = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Finish "
            + "connecting Zoom</title></head><body><p>Zoom approved the connection. To finish, enter this code in the "
            + "application where you started connecting your Zoom account, within 10 minutes:</p><p><code>%s</code></p>"
            + "<p>Never give this code to anyone else.</p></body></html>";

    private final ZoomConnections connections;
    private final ZoomConfig.UserOAuth settings;

    OAuthCallbackResource(ZoomConnections connections, ZoomConfig config) {
        this.connections = connections;
        this.settings = config.userOauth();
    }

    @GET
    @APIResponse(responseCode = "400",
            description = "authorization-failed: unknown, expired or reused state, declined, or the code refused",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "200",
            description = "Approved: a small page with the confirmation code (no return URL set)")
    @APIResponse(responseCode = "303", description = "Approved: to zoom.user-oauth.return-url with the confirmation "
            + "code in " + CONFIRMATION_PARAMETER)
    @Operation(operationId = "oauthCallback", summary = "Zoom's redirect after an authorization (no caller JWT)",
            description = "Exchanges the code and keeps the result until the caller confirms it with "
                    + "POST /api/v1/connections/me/confirm.")
    public Uni<Response> callback(@QueryParam("code") String code, @QueryParam("state") String state,
            @QueryParam("error") String error) {
        return connections.completeAsync(code, state, error).map(confirmation -> {
            Response.ResponseBuilder response = settings.returnUrl()
                    .map(returnUrl -> Response.seeOther(withConfirmation(returnUrl, confirmation.code())))
                    .orElseGet(() -> Response.ok(PAGE.formatted(confirmation.code()),
                            MediaType.TEXT_HTML_TYPE.withCharset("utf-8")));
            return response.build();
        });
    }

    static URI withConfirmation(URI returnUrl, String code) {
        String url = returnUrl.toString();
        int fragment = url.indexOf('#');
        String base = fragment < 0 ? url : url.substring(0, fragment);
        return URI.create(base + (base.contains("?") ? "&" : "?") + CONFIRMATION_PARAMETER + "="
                + URLEncoder.encode(code, StandardCharsets.UTF_8) + (fragment < 0 ? "" : url.substring(fragment)));
    }
}
