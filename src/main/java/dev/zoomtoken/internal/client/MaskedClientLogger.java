package dev.zoomtoken.internal.client;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.client.api.ClientLogger;

import io.quarkus.arc.lookup.LookupIfProperty;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;

/**
 * The REST-client logger used when {@code quarkus.rest-client.logging.scope} is set: logs method, URL, status and
 * headers, with {@code Authorization} and cookies hidden, and never a body (Zoom's bodies carry tokens). Quarkus uses
 * one logger for all REST clients; set {@code zoom.client-logging.masked=false} to get Quarkus's default back.
 */
@ApplicationScoped
@LookupIfProperty(name = "zoom.client-logging.masked", stringValue = "true", lookupIfMissing = true)
public class MaskedClientLogger implements ClientLogger {

    private static final Logger LOG = Logger.getLogger("org.jboss.resteasy.reactive.client.logging");
    private static final Set<String> HIDDEN = Set.of("authorization", "proxy-authorization", "cookie", "set-cookie");

    @Override
    public void setBodySize(int bodySize) {
        // Bodies are never logged.
    }

    @Override
    public void logRequest(HttpClientRequest request, Buffer body, boolean omitBody) {
        if (LOG.isDebugEnabled()) {
            LOG.debugf("Request: %s %s Headers[%s], body not logged", request.getMethod(), request.absoluteURI(),
                    headers(request.headers()));
        }
    }

    @Override
    public void logResponse(HttpClientResponse response, boolean redirect) {
        if (LOG.isDebugEnabled()) {
            LOG.debugf("Response: %s %s Status[%d] Headers[%s], body not logged", response.request().getMethod(),
                    response.request().absoluteURI(), response.statusCode(), headers(response.headers()));
        }
    }

    static String headers(MultiMap headers) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, String> header : headers) {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            boolean hidden = HIDDEN.contains(header.getKey().toLowerCase(Locale.ROOT));
            text.append(header.getKey()).append('=').append(hidden ? "<hidden>" : header.getValue());
        }
        return text.toString();
    }
}
