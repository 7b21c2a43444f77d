package dev.zoomtoken.internal.broker;

import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.core.HttpHeaders;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The first route of every request: refuses, as a problem document, what later handlers would fail on with an
 * exception, so that nothing logs the request's path at ERROR: an HTTP/1.1 request without {@code Host} (RFC 9112
 * section 3.2), a request target that is not a path, a body declared larger than
 * {@code quarkus.http.limits.max-body-size} (413 before it is read), and a body of undeclared length
 * ({@code Transfer-Encoding}) to a route that reads one (411). Nothing of the request is echoed or logged. It
 * also puts {@link BrokerResponseHeaders} on every answer.
 */
@IfBuildProperty(name = "zoom.broker.enabled", stringValue = "true")
public class HttpErrorPages {

    private static final Logger LOG = Logger.getLogger(HttpErrorPages.class);

    private final long maxBodyBytes;

    HttpErrorPages(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize) {
        this.maxBodyBytes = maxBodySize.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::screen).failureHandler(HttpErrorPages::failed);
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

    private void screen(RoutingContext context) {
        boolean noHost = context.request().version() != HttpVersion.HTTP_1_0
                && context.request().headers().get(HttpHeaders.HOST) == null;
        String path = context.request().path();
        if (noHost || path == null || !path.startsWith("/")) {
            send(context, 400);
            return;
        }
        BrokerResponseHeaders.add(path, context.response().headers());
        long length = declaredLength(context);
        if (length > maxBodyBytes || (length < 0 && takesBody(context.request(), path))) {
            // Quarkus's own check answers 413 without a body, and fails a chunked body it has already started to read.
            context.response().putHeader("Connection", "close");
            send(context, length < 0 ? 411 : 413);
            return;
        }
        context.next();
    }

    /**
     * Whether the request sends a body of undeclared length ({@code Transfer-Encoding}) to a route that reads one: it
     * must say its length, so that the limit holds before anything is read.
     */
    private static boolean takesBody(HttpServerRequest request, String path) {
        String[] methods = RouteMethods.of(path);
        return request.headers().contains("Transfer-Encoding") && methods != null
                && RouteMethods.serves(methods, HttpMethod.POST) && request.method().name().equals(HttpMethod.POST);
    }

    /** The request's {@code Content-Length}, or -1 when it has none that is a number (the codec checks its form). */
    private static long declaredLength(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length);
        } catch (NumberFormatException notANumber) {
            return -1;
        }
    }

    /** Ends the exchange with the plain problem document of {@code status}. */
    static void send(RoutingContext context, int status) {
        context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(Json.encode(ProblemResponses.httpProblem(status)));
    }
}
