package dev.zoomtoken.model;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Zoom answered with an error status. Subclasses name the cases callers usually handle; this class itself covers
 * any other 4xx. Carries what Zoom support asks for: status, Zoom's error code and message, and the tracking id.
 */
public class ZoomApiException extends ZoomUserTokenException {

    private final int status;
    private final Integer zoomCode;
    private final String zoomMessage;
    private final List<FieldError> fieldErrors;
    private final String trackingId;

    public ZoomApiException(ZoomErrorDetails details) {
        this(details, details.describe());
    }

    protected ZoomApiException(ZoomErrorDetails details, String message) {
        super(message);
        this.status = details.status();
        this.zoomCode = details.zoomCode();
        this.zoomMessage = details.zoomMessage();
        this.fieldErrors = details.fieldErrors();
        this.trackingId = details.trackingId();
    }

    /** The HTTP status Zoom answered with. */
    public int status() {
        return status;
    }

    /** Zoom's numeric error {@code code}, if the body had one. */
    public OptionalInt zoomCode() {
        return zoomCode == null ? OptionalInt.empty() : OptionalInt.of(zoomCode);
    }

    /** Zoom's error {@code message}, if the body had one. */
    public Optional<String> zoomMessage() {
        return Optional.ofNullable(zoomMessage);
    }

    /** Zoom's {@code errors[]} for validation failures; empty otherwise. */
    public List<FieldError> fieldErrors() {
        return fieldErrors;
    }

    /** Zoom's {@code x-zm-trackingid} response header; quote it to Zoom support. */
    public Optional<String> trackingId() {
        return Optional.ofNullable(trackingId);
    }

    @Override
    public Failure failure() {
        return Failure.ZOOM_CLIENT_ERROR;
    }
}
