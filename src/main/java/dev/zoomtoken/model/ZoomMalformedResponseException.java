package dev.zoomtoken.model;

/**
 * Zoom answered 2xx with a body that is not the expected {@code {"token": ...}} JSON. Not retried (the same reply
 * would most likely come again); counts towards opening the circuit breaker.
 */
public class ZoomMalformedResponseException extends ZoomUserTokenException {

    public ZoomMalformedResponseException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Failure failure() {
        return Failure.MALFORMED_RESPONSE;
    }
}
