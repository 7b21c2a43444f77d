package dev.zoomtoken.model;

/** Zoom did not answer in time: an attempt hit its timeout after all retries, or the whole call its deadline. */
public class ZoomTimeoutException extends ZoomUserTokenException {

    public ZoomTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Failure failure() {
        return Failure.TIMEOUT;
    }
}
