package dev.zoomtoken.internal.tracing;

import jakarta.ws.rs.ext.ContextResolver;

import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.tracing.TracingPolicy;

/**
 * HTTP client options for the REST clients that call Zoom: the Vert.x tracer leaves their requests alone. Zoom is a
 * third party, so it gets no {@code traceparent}, {@code tracestate} or {@code baggage} header, and no automatic client
 * span records the raw URL, whose path names the user. The module traces these calls itself ({@link ZoomTracing}).
 * Registered with {@code @RegisterProvider} on each Zoom client only; never a global {@code @Provider}.
 */
public class NoTracingClientOptions implements ContextResolver<HttpClientOptions> {

    @Override
    public HttpClientOptions getContext(Class<?> type) {
        return new HttpClientOptions().setTracingPolicy(TracingPolicy.IGNORE);
    }
}
