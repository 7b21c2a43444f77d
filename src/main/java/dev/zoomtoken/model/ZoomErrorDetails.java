package dev.zoomtoken.model;

import java.util.List;

/**
 * What Zoom said in an error reply, parsed leniently: every part but the status may be missing.
 *
 * @param status      HTTP status
 * @param zoomCode    Zoom's {@code code}, or null
 * @param zoomMessage Zoom's {@code message}, or null
 * @param fieldErrors Zoom's {@code errors[]}, never null
 * @param trackingId  the {@code x-zm-trackingid} header, or null
 * @param oauthError  the OAuth {@code error} (such as {@code invalid_client}) of a token-endpoint reply, or null
 */
public record ZoomErrorDetails(int status, Integer zoomCode, String zoomMessage, List<FieldError> fieldErrors,
        String trackingId, String oauthError) {

    public ZoomErrorDetails {
        fieldErrors = fieldErrors == null ? List.of() : List.copyOf(fieldErrors);
    }

    /** Details of an API error, which has no OAuth error field. */
    public ZoomErrorDetails(int status, Integer zoomCode, String zoomMessage, List<FieldError> fieldErrors,
            String trackingId) {
        this(status, zoomCode, zoomMessage, fieldErrors, trackingId, null);
    }

    /** Whether Zoom's code is {@code code}. */
    public boolean hasCode(int code) {
        return zoomCode != null && zoomCode == code;
    }

    /**
     * A one-line description, e.g. {@code Zoom answered HTTP 404, code 1001: User does not exist (tracking id abc)}.
     */
    public String describe() {
        StringBuilder text = new StringBuilder("Zoom answered HTTP ").append(status);
        if (zoomCode != null) {
            text.append(", code ").append(zoomCode);
        }
        if (oauthError != null) {
            text.append(", error ").append(oauthError);
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
