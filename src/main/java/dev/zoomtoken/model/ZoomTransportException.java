package dev.zoomtoken.model;

/**
 * No usable HTTP answer from Zoom: connection refused or reset, an empty reply, or a read timeout. Retried; counts
 * towards opening the circuit breaker.
 */
public class ZoomTransportException extends ZoomUserTokenException {

    public ZoomTransportException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Failure failure() {
        return Failure.TRANSPORT;
    }
}
