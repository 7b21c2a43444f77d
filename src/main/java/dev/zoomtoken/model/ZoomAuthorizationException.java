package dev.zoomtoken.model;

/**
 * A user-level authorization could not be completed: its state is unknown, expired or used already, or the user
 * declined at Zoom. Nothing was exchanged or stored.
 */
public class ZoomAuthorizationException extends ZoomUserTokenException {

    public ZoomAuthorizationException(String message) {
        super(message);
    }

    @Override
    public Failure failure() {
        return Failure.AUTHORIZATION_FAILED;
    }
}
