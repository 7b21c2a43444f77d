package dev.zoomtoken.model;

import java.time.Duration;

/**
 * Recent calls to Zoom failed so often that the circuit breaker is open: this call was not sent. Zoom is tried again
 * once the breaker's configured delay ({@link #retryAfter()}) has passed since it opened.
 */
public class ZoomCircuitOpenException extends ZoomUserTokenException {

    private final Duration retryAfter;

    /** @param retryAfter the breaker's configured delay: the longest wait until Zoom is tried again */
    public ZoomCircuitOpenException(Duration retryAfter, Throwable cause) {
        super("Zoom is failing: the circuit breaker is open and this call was not sent; Zoom is tried again within "
                + Math.max(1, retryAfter.toSeconds()) + " s", cause);
        this.retryAfter = retryAfter;
    }

    /** The longest wait until the breaker lets a call through again. */
    public Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public Failure failure() {
        return Failure.CIRCUIT_OPEN;
    }
}
