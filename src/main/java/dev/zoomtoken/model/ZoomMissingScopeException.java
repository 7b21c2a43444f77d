package dev.zoomtoken.model;

/**
 * The access token lacks the scope for this endpoint (code 4700). Add {@code user:read:token:admin} (granular) or
 * {@code user:read:admin} (classic) to the Zoom app.
 */
public class ZoomMissingScopeException extends ZoomApiException {

    public ZoomMissingScopeException(ZoomErrorDetails details) {
        super(details, details.describe()
                + ". Add the scope user:read:token:admin (granular) or user:read:admin (classic) to the Zoom app");
    }

    @Override
    public Failure failure() {
        return Failure.CREDENTIALS_REJECTED;
    }
}
