package dev.zoomtoken.model;

/** Zoom failed with a 5xx status. Retried; counts towards opening the circuit breaker. */
public class ZoomServerException extends ZoomApiException {

    public ZoomServerException(ZoomErrorDetails details) {
        super(details);
    }

    @Override
    public Failure failure() {
        return Failure.ZOOM_SERVER_ERROR;
    }
}
