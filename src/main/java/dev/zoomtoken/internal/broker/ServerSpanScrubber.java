package dev.zoomtoken.internal.broker;

import java.util.List;
import java.util.regex.Pattern;

import jakarta.inject.Singleton;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.quarkus.arc.properties.IfBuildProperty;

/**
 * Keeps callers' input out of the broker's HTTP server spans: {@code url.path} becomes the route template (one of
 * {@link HttpServerUriTags#ALLOWED}, else {@value HttpServerUriTags#UNKNOWN}), so no email or user id is recorded, and
 * a {@code url.query} is replaced, so the OAuth callback's {@code code} and {@code state} are not either. Both are set
 * when the span starts, which is when this processor overwrites them. Only the broker's own spans: an application
 * using the jar as a library keeps its spans as it configured them.
 */
@Singleton
@IfBuildProperty(name = "zoom.broker.enabled", stringValue = "true")
public class ServerSpanScrubber implements SpanProcessor {

    static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
    static final AttributeKey<String> URL_QUERY = AttributeKey.stringKey("url.query");
    static final String QUERY_REMOVED = "REDACTED";

    private static final List<Route> ROUTES = HttpServerUriTags.ALLOWED.stream().filter(uri -> uri.startsWith("/"))
            .map(Route::of).toList();

    private record Route(String template, Pattern pattern) {
        static Route of(String template) {
            return new Route(template, Pattern.compile(Pattern.quote(template).replaceAll("\\{[^}/]+}",
                    "\\\\E[^/]+\\\\Q")));
        }
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        if (span.getKind() != SpanKind.SERVER) {
            return;
        }
        String path = span.getAttribute(URL_PATH);
        if (path != null) {
            span.setAttribute(URL_PATH, template(path));
        }
        String query = span.getAttribute(URL_QUERY);
        if (query != null && !query.isEmpty()) {
            span.setAttribute(URL_QUERY, QUERY_REMOVED);
        }
    }

    /** The route template {@code path} matches, or {@value HttpServerUriTags#UNKNOWN}. */
    static String template(String path) {
        for (Route route : ROUTES) {
            if (route.pattern.matcher(path).matches()) {
                return route.template;
            }
        }
        return HttpServerUriTags.UNKNOWN;
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
    }

    @Override
    public boolean isEndRequired() {
        return false;
    }
}
