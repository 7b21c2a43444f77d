package dev.zoomtoken.broker;

import java.time.Instant;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.zoomtoken.InvalidTokenRequestException;
import dev.zoomtoken.ZoomApiException;
import dev.zoomtoken.ZoomCircuitOpenException;
import dev.zoomtoken.ZoomNotConfiguredException;
import dev.zoomtoken.ZoomNullTokenException;
import dev.zoomtoken.ZoomRateLimitedException;
import dev.zoomtoken.ZoomTimeoutException;
import dev.zoomtoken.ZoomUserNotFoundException;
import dev.zoomtoken.ZoomUserTokenException;
import dev.zoomtoken.ZoomValidationException;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * Turns every failure of a broker request into an RFC 9457 problem document with the status the broker's contract
 * gives it. Messages of this module's exceptions are safe to show (they never hold tokens or secrets); anything
 * unexpected becomes a plain 500 without details.
 */
@IfBuildProperty(name = "zoom.broker.enabled", stringValue = "true")
public class ProblemResponses {

    private static final Logger LOG = Logger.getLogger(ProblemResponses.class);
    private static final String PREFIX = "urn:zoom-user-token:problem:";
    /** Matches the circuit breaker's default delay before Zoom is tried again. */
    static final long CIRCUIT_RETRY_AFTER_SECONDS = 5;

    @ServerExceptionMapper
    Response invalidRequest(InvalidTokenRequestException error) {
        return problem(400, "invalid-request", "Invalid request", error.getMessage(), error.field(), null).build();
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class })
    Response unauthenticated(RuntimeException error) {
        return problem(401, "unauthenticated", "Authentication required",
                "Send a valid caller JWT as 'Authorization: Bearer <token>'", null, null)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    @ServerExceptionMapper
    Response forbidden(ForbiddenException error) {
        return problem(403, "forbidden", "Not allowed",
                "A caller may only get the token of the Zoom user that matches its own identity; members of group "
                        + CallerPolicy.ADMIN_GROUP + " may get any user's token and use 'me'", null, null).build();
    }

    @ServerExceptionMapper
    Response zoomFailure(ZoomUserTokenException error) {
        if (error instanceof ZoomUserNotFoundException notFound) {
            return zoomProblem(404, "user-not-found", "Zoom user not found", notFound).build();
        }
        if (error instanceof ZoomValidationException invalid) {
            return zoomProblem(400, "rejected-by-zoom", "Zoom rejected the request", invalid).build();
        }
        if (error instanceof ZoomRateLimitedException limited) {
            return zoomProblem(429, "rate-limited", "Zoom rate limit reached", limited)
                    .header(HttpHeaders.RETRY_AFTER, retryAfterSeconds(limited)).build();
        }
        if (error instanceof ZoomApiException upstream) {
            return zoomProblem(502, "upstream-error", "Zoom request failed", upstream).build();
        }
        if (error instanceof ZoomNullTokenException noToken) {
            return problem(422, "no-token-issued", "Zoom issued no token", noToken.getMessage(), null,
                    null).build();
        }
        if (error instanceof ZoomCircuitOpenException) {
            return problem(503, "zoom-unavailable", "Zoom is failing", error.getMessage(), null, null)
                    .header(HttpHeaders.RETRY_AFTER, CIRCUIT_RETRY_AFTER_SECONDS).build();
        }
        if (error instanceof ZoomNotConfiguredException) {
            return problem(503, "not-configured", "Broker not configured", error.getMessage(), null, null).build();
        }
        if (error instanceof ZoomTimeoutException) {
            return problem(504, "zoom-timeout", "Zoom did not answer in time", error.getMessage(), null, null).build();
        }
        // Transport failures, malformed replies and token-endpoint failures: Zoom, not the caller, is at fault.
        return problem(502, "upstream-error", "Zoom request failed", error.getMessage(), null, null).build();
    }

    @ServerExceptionMapper
    Response httpError(WebApplicationException error) {
        int status = error.getResponse().getStatus();
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(httpProblem(status)).build();
    }

    /** The problem document of a plain HTTP error: type {@code http-<status>}, a fixed title and detail. */
    static Problem httpProblem(int status) {
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "HTTP " + status : type.getReasonPhrase();
        String detail = switch (status) {
            case 400 -> "the request could not be read (request target, headers or body)";
            case 404 -> "no such resource";
            case 500 -> "the broker failed unexpectedly";
            default -> "the request does not fit this resource";
        };
        return new Problem(PREFIX + "http-" + status, title, status, title + ": " + detail, null, null, null);
    }

    /** 405 for a method the path does not serve, naming the ones it does. */
    static Response methodNotAllowed(String... allowed) {
        return problem(405, "http-405", "Method Not Allowed",
                "Method Not Allowed: this path answers " + String.join(", ", allowed), null, null)
                .header(HttpHeaders.ALLOW, String.join(", ", allowed)).build();
    }

    @ServerExceptionMapper
    Response unexpected(Exception error) {
        LOG.errorf("Unexpected failure of a broker request: %s", error.getClass().getName());
        return problem(500, "internal-error", "Internal error", "The broker failed unexpectedly", null, null).build();
    }

    private static Response.ResponseBuilder zoomProblem(int status, String name, String title, ZoomApiException error) {
        Problem problem = new Problem(PREFIX + name, title, status, error.getMessage(), null,
                error.zoomCode().isPresent() ? error.zoomCode().getAsInt() : null, error.trackingId().orElse(null));
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem);
    }

    private static Response.ResponseBuilder problem(int status, String name, String title, String detail, String field,
            Integer zoomCode) {
        return Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(new Problem(PREFIX + name, title, status, detail, field, zoomCode, null));
    }

    static long retryAfterSeconds(ZoomRateLimitedException limited) {
        return limited.rateLimit().retryAfter(Instant.now())
                .map(wait -> Math.max(1, (wait.toMillis() + 999) / 1000))
                .orElse(1L);
    }
}
