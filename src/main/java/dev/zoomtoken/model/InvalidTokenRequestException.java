package dev.zoomtoken.model;

/**
 * The request was rejected before anything was sent to Zoom: a user id, type, ttl or meeting id that Zoom would
 * refuse or that is unsafe to put in a URL.
 */
public class InvalidTokenRequestException extends ZoomUserTokenException {

    private final String field;

    public InvalidTokenRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The request field at fault: {@code userId}, {@code type}, {@code ttl} or {@code meetingId}. */
    public String field() {
        return field;
    }

    @Override
    public Failure failure() {
        return Failure.INVALID_REQUEST;
    }
}
