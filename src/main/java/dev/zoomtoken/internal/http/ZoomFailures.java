package dev.zoomtoken.internal.http;

import java.net.ConnectException;
import java.net.UnknownHostException;

import com.fasterxml.jackson.core.JacksonException;

import dev.zoomtoken.model.Failure;
import dev.zoomtoken.model.ZoomMalformedResponseException;
import dev.zoomtoken.model.ZoomTransportException;
import dev.zoomtoken.model.ZoomUserTokenException;

/**
 * Gives every failure of a call to Zoom a type from this module: our own exceptions pass through (also when the REST
 * client wrapped them), unparsable replies become {@link ZoomMalformedResponseException}, and anything else that kept
 * an HTTP answer from arriving becomes {@link ZoomTransportException}.
 */
public final class ZoomFailures {

    private static final int MAX_CAUSE_DEPTH = 10;

    private ZoomFailures() {
    }

    public static ZoomUserTokenException classify(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_CAUSE_DEPTH; depth++, cause = cause.getCause()) {
            if (cause instanceof ZoomUserTokenException known) {
                return known;
            }
            if (cause instanceof JacksonException) {
                // No cause: a parser's message quotes the body, and the body may hold a token.
                return new ZoomMalformedResponseException(
                        "Zoom answered with a body that is not the expected JSON (invalid or cut short)", null);
            }
        }
        return new ZoomTransportException("No usable answer from Zoom: " + describe(rootCause(failure)), failure);
    }

    /**
     * Whether {@code failure} shows that Zoom cannot have acted on the request: it answered a per-second 429, or no
     * connection to it was made. A request carrying a single-use value (an authorization code) may be sent again only
     * then; after a timeout, a 5xx or a connection lost mid-request, Zoom may have used the value already.
     */
    public static boolean notActedOnByZoom(Throwable failure) {
        Failure kind = Failure.of(failure);
        if (kind == Failure.ZOOM_RATE_LIMITED) {
            return true;
        }
        if (kind != Failure.TRANSPORT) {
            return false;
        }
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_CAUSE_DEPTH; depth++, cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        for (int depth = 0; root.getCause() != null && depth < MAX_CAUSE_DEPTH; depth++) {
            root = root.getCause();
        }
        return root;
    }

    private static String describe(Throwable cause) {
        return cause.getMessage() == null || cause.getMessage().isBlank() ? "the connection failed"
                : cause.getMessage();
    }
}
