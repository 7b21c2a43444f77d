package dev.zoomtoken.model;

/**
 * Zoom rejected the access token (401, or code 124 "invalid or expired access token"). Check the configured token or
 * the Server-to-Server OAuth credentials.
 */
public class ZoomAuthenticationException extends ZoomApiException {

    public ZoomAuthenticationException(ZoomErrorDetails details) {
        super(details, details.describe()
                + ". Zoom rejected the access token: check the configured token or Server-to-Server OAuth credentials");
    }

    @Override
    public Failure failure() {
        return Failure.CREDENTIALS_REJECTED;
    }
}
