package dev.zoomtoken.model;

/** Zoom does not know this user in the account (404, code 1001 or 1010). Not retried. */
public class ZoomUserNotFoundException extends ZoomApiException {

    public ZoomUserNotFoundException(ZoomErrorDetails details) {
        super(details);
    }

    @Override
    public Failure failure() {
        return Failure.USER_NOT_FOUND;
    }
}
