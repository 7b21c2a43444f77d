package dev.zoomtoken;

/**
 * Recent calls to Zoom failed so often that the circuit breaker is open: this call was not sent. Zoom is tried again
 * after the breaker's delay (5 s by default).
 */
public class ZoomCircuitOpenException extends ZoomUserTokenException {

    public ZoomCircuitOpenException(Throwable cause) {
        super("Zoom is failing: the circuit breaker is open and this call was not sent; try again in a few seconds",
                cause);
    }
}
