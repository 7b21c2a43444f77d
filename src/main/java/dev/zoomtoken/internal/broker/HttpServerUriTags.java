package dev.zoomtoken.internal.broker;

import java.util.Set;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.quarkus.arc.properties.IfBuildProperty;

/**
 * Keeps the {@code uri} tag of the HTTP server meters to a fixed set: the broker's route templates and the binder's
 * own markers. Anything else (a raw path of a request that matched no route, which a caller chooses) becomes
 * {@value #UNKNOWN}, so no user id, email or control byte reaches a metric and callers cannot add series.
 */
@Singleton
@IfBuildProperty(name = "zoom.broker.enabled", stringValue = "true")
public class HttpServerUriTags {

    static final String UNKNOWN = "UNKNOWN";
    static final Set<String> ALLOWED = Set.of(TokenRequestTarget.USER_TOKEN_ROUTE, DevCallerTokens.ROUTE,
            ConnectionResource.PATH + "/me/authorize", ConnectionResource.PATH + "/me/confirm",
            ConnectionResource.PATH + "/me",
            ConnectionResource.PATH + "/me/token", ConnectionResource.TOKEN_OF_ROUTE, OAuthCallbackResource.PATH,
            ZoomWebhookResource.PATH, MeetingSdkResource.PATH,
            "NOT_FOUND", "REDIRECTION", UNKNOWN);
    private static final String URI = "uri";

    @Produces
    @Singleton
    MeterFilter onlyKnownUris() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                String uri = id.getTag(URI);
                if (!id.getName().startsWith("http.server") || uri == null || ALLOWED.contains(uri)) {
                    return id;
                }
                return id.replaceTags(id.getTags().stream()
                        .map(tag -> tag.getKey().equals(URI) ? Tag.of(URI, UNKNOWN) : tag).toList());
            }
        };
    }
}
