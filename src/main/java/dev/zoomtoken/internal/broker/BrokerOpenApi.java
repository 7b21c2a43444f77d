package dev.zoomtoken.internal.broker;

import java.math.BigDecimal;

import jakarta.ws.rs.core.HttpHeaders;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * The broker's answers that several operations give, each described once as a component of the OpenAPI document
 * ({@code components.responses}, {@code components.headers}); the resources name them, as in
 * {@code @APIResponse(responseCode = "401", ref = BrokerOpenApi.UNAUTHENTICATED)}. A build-time filter, not an
 * {@code @OpenAPIDefinition}: SmallRye reads that only on a package or a JAX-RS {@code Application}, it must carry an
 * info whose version replaces the application's, and on a package it stays when the broker is off.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
@IfBuildProperty(name = "zoom.broker.enabled", stringValue = "true")
public class BrokerOpenApi implements OASFilter {

    // Every route that a caller's JWT authenticates.
    static final String UNAUTHENTICATED = "unauthenticated";

    // The routes that get a user's token from Zoom with the account's credentials (user token, Meeting SDK).
    static final String RATE_LIMITED = "rate-limited";
    static final String INTERNAL_ERROR = "internal-error";
    static final String UPSTREAM_ERROR = "upstream-error";
    static final String ZOOM_TIMEOUT = "zoom-timeout";
    /** The {@code Retry-After} of their 503, whose problem may be zoom-unavailable. */
    static final String ZOOM_RETRY_AFTER = "zoom-retry-after";

    // The routes that read a body before it reaches the resource (confirm, webhook).
    static final String LENGTH_REQUIRED = "http-411";
    static final String BODY_TOO_LARGE = "http-413";

    // A connection's tokens; reauthorization-required also for Meeting SDK sign-in with one.
    static final String CONNECTION_TOKEN_REFUSED = "connection-token-refused";
    static final String NOT_CONNECTED = "not-connected";
    static final String REAUTHORIZATION_REQUIRED = "reauthorization-required";
    static final String CONNECTION_RATE_LIMITED = "connection-rate-limited";

    /** The scanner names a class's schema after the class; the resources' own problem answers make it one. */
    private static final String PROBLEM_SCHEMA = Problem.class.getSimpleName();

    @Override
    public void filterOpenAPI(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(OASFactory.createComponents());
        }
        Components components = openApi.getComponents();
        components.addResponse(UNAUTHENTICATED, problem("unauthenticated: missing or invalid caller JWT")
                .addHeader(HttpHeaders.WWW_AUTHENTICATE, OASFactory.createHeader().schema(string())));

        components.addResponse(RATE_LIMITED, problem("rate-limited: Zoom's rate limit, or the broker's own budget for "
                + "it, is used up").addHeader(HttpHeaders.RETRY_AFTER, retryAfter()));
        components.addResponse(INTERNAL_ERROR, problem("internal-error: the broker failed unexpectedly"));
        components.addResponse(UPSTREAM_ERROR, problem("upstream-error: Zoom failed, answered malformed data, or "
                + "refused the broker's credentials"));
        components.addResponse(ZOOM_TIMEOUT, problem("zoom-timeout: Zoom did not answer in time"));
        components.addHeader(ZOOM_RETRY_AFTER, seconds("Seconds until Zoom is tried again (zoom-unavailable only)"));

        components.addResponse(LENGTH_REQUIRED, problem("http-411: a body without Content-Length"));
        components.addResponse(BODY_TOO_LARGE, problem("http-413: a body over 64 KiB, refused before it is read"));

        components.addResponse(CONNECTION_TOKEN_REFUSED, problem("invalid-request (with field): bad type, ttl or "
                + "meeting id; missing-scope: a type the connection's scopes do not mint (token_types), nothing sent "
                + "to Zoom"));
        components.addResponse(NOT_CONNECTED, problem("not-connected: no connection"));
        components.addResponse(REAUTHORIZATION_REQUIRED, problem("reauthorization-required: Zoom refused the "
                + "connection's refresh token; its user must authorize again"));
        components.addResponse(CONNECTION_RATE_LIMITED,
                problem("rate-limited: the connected user's account budget is used up")
                        .addHeader(HttpHeaders.RETRY_AFTER, retryAfter()));
    }

    private static APIResponse problem(String description) {
        return OASFactory.createAPIResponse().description(description)
                .content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_SCHEMA))));
    }

    private static Header retryAfter() {
        return seconds("Seconds until a retry can succeed");
    }

    private static Header seconds(String description) {
        return OASFactory.createHeader().description(description)
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).minimum(BigDecimal.ONE));
    }

    private static Schema string() {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING);
    }
}
