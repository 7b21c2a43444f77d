package dev.zoomtoken.internal.broker;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.quarkus.arc.properties.IfBuildProperty;
import io.vertx.core.http.HttpServerRequest;

/**
 * The Meeting SDK route serves {@code POST} only: any other method ({@code HEAD}, {@code OPTIONS} included) answers
 * 405 with {@code Allow: POST} before routing and authentication, so nothing is signed or minted for it.
 */
@IfBuildProperty(name = "zoom.broker.enabled", stringValue = "true")
public class MeetingSdkMethodFilter {

    @ServerRequestFilter(preMatching = true)
    Response screen(HttpServerRequest request) {
        if (MeetingSdkResource.PATH.equals(request.path()) && !HttpMethod.POST.equals(request.method().name())) {
            return ProblemResponses.methodNotAllowed(HttpMethod.POST);
        }
        return null;
    }
}
