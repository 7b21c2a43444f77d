package dev.zoomtoken.internal.broker;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * An RFC 9457 problem document, sent as {@code application/problem+json}. Never carries a token, a secret or a
 * stack trace.
 *
 * @param type       identifies the kind of problem, {@code urn:zoom-user-token:problem:<name>}
 * @param title      short summary of the kind
 * @param status     HTTP status
 * @param detail     what happened in this case and what to do
 * @param field      the request parameter at fault, for invalid input
 * @param zoomCode   Zoom's error code, when Zoom answered
 * @param trackingId Zoom's {@code x-zm-trackingid}, when Zoom answered
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "type", "title", "status", "detail", "field", "zoom_code", "tracking_id" })
// @formatter:off
public record Problem(
        @Schema(required = true, description = "urn:zoom-user-token:problem:<name>; the responses name the values",
                pattern = "^urn:zoom-user-token:problem:[a-z0-9-]+$") @JsonProperty("type") String type,
        @Schema(required = true) @JsonProperty("title") String title,
        @Schema(required = true) @JsonProperty("status") int status,
        @Schema(required = true) @JsonProperty("detail") String detail,
        @Schema(description = "The request parameter at fault (invalid-request): userId, type, ttl, meetingId, query, "
                + "Authorization, principal, body or a field of the body") @JsonProperty("field") String field,
        @Schema(description = "Zoom's error code, when Zoom answered") @JsonProperty("zoom_code") Integer zoomCode,
        @Schema(description = "Zoom's x-zm-trackingid, when Zoom answered")
        @JsonProperty("tracking_id") String trackingId) {
// @formatter:on

    /** The media type of problem documents. */
    public static final String MEDIA_TYPE = "application/problem+json";
    /** What every problem {@code type} starts with; the rest is the problem's name. */
    static final String TYPE_PREFIX = "urn:zoom-user-token:problem:";

    /** The problem's name: its {@code type} without {@link #TYPE_PREFIX}. */
    String name() {
        return type.startsWith(TYPE_PREFIX) ? type.substring(TYPE_PREFIX.length()) : type;
    }
}
