package dev.zoomtoken.internal.broker;

import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.logging.Logger;

import io.quarkus.arc.properties.IfBuildProperty;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The first route of every request: refuses, as a problem document, what later handlers would fail on with an
 * exception, so that nothing logs the request's path at ERROR: an HTTP/1.1 request without {@code Host} (RFC 9112
 * section 3.2), and a request target that is not a path. Nothing of the request is echoed or logged.
 */
@IfBuildProperty(name = "zoom.broker.enabled", stringValue = "true")
public class HttpErrorPages {

    private static final Logger LOG = Logger.getLogger(HttpErrorPages.class);

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(HttpErrorPages::screen).failureHandler(HttpErrorPages::failed);
    }

    /**
     * Failures outside the REST layer (which maps its own): a 4xx as its problem document, anything else as a 500
     * logged by exception class only, never with the request's path.
     */
    private static void failed(RoutingContext context) {
        if (context.response().headWritten()) {
            context.next();
            return;
        }
        int status = context.statusCode();
        if (status < 400 || status > 499) {
            LOG.errorf("Unexpected failure of an HTTP request: %s",
                    context.failure() == null ? "status " + status : context.failure().getClass().getName());
            status = 500;
        }
        send(context, status);
    }

    private static void screen(RoutingContext context) {
        boolean noHost = context.request().version() != HttpVersion.HTTP_1_0
                && context.request().headers().get(HttpHeaders.HOST) == null;
        String path = context.request().path();
        if (noHost || path == null || !path.startsWith("/")) {
            send(context, 400);
        } else {
            context.next();
        }
    }

    /** Ends the exchange with the plain problem document of {@code status}. */
    static void send(RoutingContext context, int status) {
        context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(Json.encode(ProblemResponses.httpProblem(status)));
    }
}
