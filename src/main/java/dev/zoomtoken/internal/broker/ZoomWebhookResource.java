package dev.zoomtoken.internal.broker;

import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

import dev.zoomtoken.ZoomConnections;
import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.mutiny.Uni;

/**
 * Zoom's webhook calls (Deauthorization Notification Endpoint and event subscriptions). No caller JWT: Zoom's
 * {@code x-zm-signature} over the raw body authenticates them; see {@link ZoomConnections#handleWebhookAsync}.
 */
@Path(ZoomWebhookResource.PATH)
@IfBuildProperty(name = "zoom.broker.enabled", stringValue = "true")
public class ZoomWebhookResource {

    /** The endpoint to register at Zoom for event notifications. */
    static final String PATH = "/api/v1/webhooks/zoom";

    private final ZoomConnections connections;

    ZoomWebhookResource(ZoomConnections connections) {
        this.connections = connections;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "413", ref = BrokerOpenApi.BODY_TOO_LARGE)
    @APIResponse(responseCode = "411", ref = BrokerOpenApi.LENGTH_REQUIRED)
    @APIResponse(responseCode = "400", description = "invalid-request: not JSON (a key given twice included)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "webhook-rejected: bad or missing signature, or a stale timestamp",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "not-configured: no webhook secret token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "200",
            description = "Handled; for endpoint.url_validation the plainToken and encryptedToken")
    @Operation(operationId = "zoomWebhook", summary = "Zoom's webhook events (signature, not a caller JWT)",
            description = "Answers endpoint.url_validation; on app_deauthorized deletes the Zoom user's connections. "
                    + "401 webhook-rejected for a bad signature or a timestamp over 5 minutes old or 30 s ahead; an "
                    + "event already acted on is answered and ignored; 503 not-configured "
                    + "without ZOOM_WEBHOOK_SECRET_TOKEN.")
    public Uni<RestResponse<Map<String, String>>> receive(@HeaderParam("x-zm-signature") String signature,
            @HeaderParam("x-zm-request-timestamp") String timestamp, byte[] body) {
        return connections.handleWebhookAsync(signature, timestamp, body)
                .map(reply -> reply.map(RestResponse::ok).orElseGet(() -> RestResponse.ok(Map.of())));
    }
}
