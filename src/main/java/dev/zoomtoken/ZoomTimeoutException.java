package dev.zoomtoken;

/** Zoom did not answer in time: an attempt hit its timeout after all retries, or the whole call its deadline. */
public class ZoomTimeoutException extends ZoomUserTokenException {

    public ZoomTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
