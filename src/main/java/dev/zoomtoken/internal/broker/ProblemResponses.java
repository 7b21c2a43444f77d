package dev.zoomtoken.internal.broker;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.zoomtoken.model.Failure;
import dev.zoomtoken.model.InvalidTokenRequestException;
import dev.zoomtoken.model.RateLimitedFailure;
import dev.zoomtoken.model.ZoomApiException;
import dev.zoomtoken.model.ZoomCircuitOpenException;
import dev.zoomtoken.model.ZoomUserTokenException;
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
                        + CallerPolicy.ADMIN_GROUP + " may get any user's token and use 'me'",
                null, null).build();
    }

    /**
     * Every failure of this module, answered with the {@link ProblemType} of its {@link Failure}; the detail is the
     * exception's message, with Zoom's code and tracking id when Zoom answered, and {@code Retry-After} when waiting
     * helps.
     */
    @ServerExceptionMapper
    Response moduleFailure(ZoomUserTokenException error) {
        ProblemType kind = ProblemType.of(error.failure());
        if (kind == ProblemType.INTERNAL_ERROR) {
            return unexpected(error); // a defect: logged, and its message not shown
        }
        Integer zoomCode = null;
        String trackingId = null;
        if (error instanceof ZoomApiException fromZoom) {
            zoomCode = fromZoom.zoomCode().isPresent() ? fromZoom.zoomCode().getAsInt() : null;
            trackingId = fromZoom.trackingId().orElse(null);
        }
        String field = error instanceof InvalidTokenRequestException invalid ? invalid.field() : null;
        Response.ResponseBuilder response = Response.status(kind.status()).type(Problem.MEDIA_TYPE)
                .entity(new Problem(Problem.TYPE_PREFIX + kind.type(), kind.title(), kind.status(), error.getMessage(),
                        field, zoomCode, trackingId));
        if (error instanceof RateLimitedFailure limited) {
            response.header(HttpHeaders.RETRY_AFTER, retryAfterSeconds(limited.rateLimit().retryAfter(Instant.now())));
        } else if (error instanceof ZoomCircuitOpenException open) {
            response.header(HttpHeaders.RETRY_AFTER, retryAfterSeconds(Optional.of(open.retryAfter())));
        } else if (kind == ProblemType.STORE_UNAVAILABLE) {
            response.header(HttpHeaders.RETRY_AFTER, retryAfterSeconds(Optional.empty()));
        }
        return response.build();
    }

    /** A request body Jackson could not read into its type: the caller's mistake, told without quoting the body. */
    @ServerExceptionMapper
    Response unreadableJson(JsonProcessingException error) {
        return problem(400, ProblemType.INVALID_REQUEST.type(), ProblemType.INVALID_REQUEST.title(),
                "the body is not JSON of the expected shape", JsonBody.FIELD, null).build();
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
        return new Problem(Problem.TYPE_PREFIX + "http-" + status, title, status, title + ": " + detail, null, null,
                null);
    }

    /** 405 for a method the path does not serve, naming the ones it does. */
    static Response methodNotAllowed(String... allowed) {
        return problem(405, "http-405", "Method Not Allowed",
                "Method Not Allowed: this path answers " + String.join(", ", allowed), null, null)
                .header(HttpHeaders.ALLOW, String.join(", ", allowed)).build();
    }

    @ServerExceptionMapper
    Response unexpected(Exception error) {
        // The message and causes can quote request data or secrets; the class and where it was thrown cannot.
        LOG.errorf("Unexpected failure of a broker request: %s at %s", error.getClass().getName(), where(error));
        return problem(500, ProblemType.INTERNAL_ERROR.type(), ProblemType.INTERNAL_ERROR.title(),
                "The broker failed unexpectedly", null, null).build();
    }

    /** The innermost frames of {@code error}'s stack, without its message. */
    private static String where(Throwable error) {
        StackTraceElement[] stack = error.getStackTrace();
        StringBuilder frames = new StringBuilder();
        for (int i = 0; i < Math.min(8, stack.length); i++) {
            frames.append(i == 0 ? "" : " < ").append(stack[i]);
        }
        return frames.length() == 0 ? "(no stack)" : frames.toString();
    }

    private static Response.ResponseBuilder problem(int status, String name, String title, String detail, String field,
            Integer zoomCode) {
        return Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(new Problem(Problem.TYPE_PREFIX + name, title, status, detail, field, zoomCode, null));
    }

    /** Whole seconds, rounded up, at least 1 (also when the wait is unknown). */
    static long retryAfterSeconds(Optional<Duration> wait) {
        return wait.map(known -> Math.max(1, (known.toMillis() + 999) / 1000)).orElse(1L);
    }
}
