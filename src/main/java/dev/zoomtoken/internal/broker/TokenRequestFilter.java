package dev.zoomtoken.internal.broker;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.zoomtoken.model.InvalidTokenRequestException;
import io.quarkus.arc.properties.IfBuildProperty;
import io.vertx.core.http.HttpServerRequest;

/**
 * Screens every broker request before routing, on what the caller sent rather than on what routing made of it: one
 * {@code Authorization} header at most; on the routes that mint, exchange or consume something only their method
 * ({@link RouteMethods}) and no body with a {@code GET}; on the users' token path a user segment and query that
 * {@link TokenRequestTarget} accepts. The request it reads is handed to the resource, so authorization and
 * the call to Zoom use that same value.
 */
@IfBuildProperty(name = "zoom.broker.enabled", stringValue = "true")
public class TokenRequestFilter {

    @ServerRequestFilter(preMatching = true)
    Response screen(HttpServerRequest request) {
        if (request.headers().getAll(HttpHeaders.AUTHORIZATION).size() > 1) {
            throw new InvalidTokenRequestException("Authorization", "send one Authorization header, not several");
        }
        String path = request.path();
        String[] allowed = RouteMethods.of(path);
        if (allowed == null) {
            return null;
        }
        String method = request.method().name();
        if (!RouteMethods.serves(allowed, method)) {
            return ProblemResponses.methodNotAllowed(allowed);
        }
        if (method.equals(HttpMethod.GET) && hasBody(request)) {
            throw new InvalidTokenRequestException("body", "a GET request has no body");
        }
        TokenRequestTarget.screenRoutable(path);
        return null;
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return request.headers().contains("Transfer-Encoding") || (length != null && !length.equals("0"));
    }
}
