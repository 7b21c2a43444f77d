package dev.zoomtoken.model;

/**
 * Zoom no longer accepts the connection's refresh token (revoked, replaced by a newer authorization, the user removed,
 * or the app disabled): its user has to authorize the app again. The connection is kept and marked, never deleted.
 */
public class ZoomReauthorizationRequiredException extends ZoomUserTokenException {

    public ZoomReauthorizationRequiredException(String reason) {
        super("The connected Zoom user has to authorize the app again: " + reason);
    }

    @Override
    public Failure failure() {
        return Failure.REAUTHORIZATION_REQUIRED;
    }
}
