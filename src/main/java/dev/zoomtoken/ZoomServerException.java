package dev.zoomtoken;

/** Zoom failed with a 5xx status. Retried; counts towards opening the circuit breaker. */
public class ZoomServerException extends ZoomApiException {

    public ZoomServerException(ZoomErrorDetails details) {
        super(details);
    }
}
