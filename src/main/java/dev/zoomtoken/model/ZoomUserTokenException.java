package dev.zoomtoken.model;

/**
 * The root of every exception this module throws, so callers can catch one type. Messages never contain a token,
 * an access token or a client secret.
 */
public abstract class ZoomUserTokenException extends RuntimeException {

    protected ZoomUserTokenException(String message) {
        super(message);
    }

    protected ZoomUserTokenException(String message, Throwable cause) {
        super(message, cause);
    }

    /** What this failure means for metrics, retries, the circuit breaker and the broker's answer. */
    public abstract Failure failure();
}
