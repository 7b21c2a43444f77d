package dev.zoomtoken;

import java.util.List;

/**
 * What Zoom said in an error reply, parsed leniently: every part but the status may be missing.
 *
 * @param status      HTTP status
 * @param zoomCode    Zoom's {@code code}, or null
 * @param zoomMessage Zoom's {@code message}, or null
 * @param fieldErrors Zoom's {@code errors[]}, never null
 * @param trackingId  the {@code x-zm-trackingid} header, or null
 */
public record ZoomErrorDetails(int status, Integer zoomCode, String zoomMessage, List<FieldError> fieldErrors,
        String trackingId) {

    public ZoomErrorDetails {
        fieldErrors = fieldErrors == null ? List.of() : List.copyOf(fieldErrors);
    }

    /** Whether Zoom's code is {@code code}. */
    public boolean hasCode(int code) {
        return zoomCode != null && zoomCode == code;
    }

    /** A one-line description, e.g. {@code Zoom answered HTTP 404, code 1001: User does not exist (tracking id abc)}. */
    public String describe() {
        StringBuilder text = new StringBuilder("Zoom answered HTTP ").append(status);
        if (zoomCode != null) {
            text.append(", code ").append(zoomCode);
        }
        if (zoomMessage != null && !zoomMessage.isBlank()) {
            text.append(": ").append(zoomMessage);
        }
        for (FieldError error : fieldErrors) {
            text.append("; ").append(error.field()).append(": ").append(error.message());
        }
        if (trackingId != null) {
            text.append(" (tracking id ").append(trackingId).append(')');
        }
        return text.toString();
    }
}
