package dev.zoomtoken.model;

/** Zoom refused the request as invalid (400, or code 300); {@link #fieldErrors()} says which field. Not retried. */
public class ZoomValidationException extends ZoomApiException {

    public ZoomValidationException(ZoomErrorDetails details) {
        super(details);
    }

    @Override
    public Failure failure() {
        return Failure.REJECTED_BY_ZOOM;
    }
}
