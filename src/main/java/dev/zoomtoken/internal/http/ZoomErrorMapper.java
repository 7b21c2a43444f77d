package dev.zoomtoken.internal.http;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.zoomtoken.model.FieldError;
import dev.zoomtoken.model.ZoomApiException;
import dev.zoomtoken.model.ZoomAuthenticationException;
import dev.zoomtoken.model.ZoomErrorDetails;
import dev.zoomtoken.model.ZoomMissingScopeException;
import dev.zoomtoken.model.ZoomRateLimitedException;
import dev.zoomtoken.model.ZoomServerException;
import dev.zoomtoken.model.ZoomUserNotFoundException;
import dev.zoomtoken.model.ZoomValidationException;

/**
 * Turns every Zoom reply with status 400 or above into the matching {@link ZoomApiException}. The body is read
 * leniently: empty, HTML or unexpected JSON still gives a typed exception with the status and tracking id.
 */
public class ZoomErrorMapper implements ResponseExceptionMapper<ZoomApiException> {

    /** Zoom's response header that identifies a call for Zoom support. */
    public static final String TRACKING_ID_HEADER = "x-zm-trackingid";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MESSAGE_LENGTH = 300;

    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        return status >= 400;
    }

    @Override
    public ZoomApiException toThrowable(Response response) {
        ZoomErrorDetails details = details(response.getStatus(), response.getHeaderString(TRACKING_ID_HEADER),
                body(response));
        if (response.getStatus() == 429) {
            return new ZoomRateLimitedException(details,
                    RateLimitHeaders.parse(response::getHeaderString, Instant.now()));
        }
        return classify(details);
    }

    /** The exception type for an API error reply other than 429. */
    public static ZoomApiException classify(ZoomErrorDetails details) {
        int status = details.status();
        if (details.hasCode(4700)) {
            return new ZoomMissingScopeException(details);
        }
        if (status == 401 || details.hasCode(124)) {
            return new ZoomAuthenticationException(details);
        }
        if (details.hasCode(1001) || details.hasCode(1010)) {
            return new ZoomUserNotFoundException(details);
        }
        if (status >= 500) {
            return new ZoomServerException(details);
        }
        if (status == 400 || details.hasCode(300)) {
            return new ZoomValidationException(details);
        }
        return new ZoomApiException(details);
    }

    /**
     * Parses an error body: Zoom's API form {@code {"code", "message", "errors"}} or the OAuth endpoint's
     * {@code {"reason", "error"}}. Never fails.
     */
    public static ZoomErrorDetails details(int status, String trackingId, String body) {
        JsonNode json = parse(body);
        if (json == null || !json.isObject()) {
            return new ZoomErrorDetails(status, null, null, List.of(), trackingId, null);
        }
        JsonNode code = json.get("code");
        JsonNode message = json.hasNonNull("message") ? json.get("message") : json.get("reason");
        List<FieldError> fieldErrors = new ArrayList<>();
        JsonNode errors = json.get("errors");
        if (errors != null && errors.isArray()) {
            for (JsonNode error : errors) {
                fieldErrors.add(new FieldError(text(error.get("field")), text(error.get("message"))));
            }
        }
        return new ZoomErrorDetails(status,
                code != null && code.canConvertToInt() ? code.asInt() : null,
                text(message), fieldErrors, trackingId, text(json.get("error")));
    }

    /** Reads the body of an error reply as text, or null when there is none or it cannot be read. */
    public static String body(Response response) {
        try {
            return response.hasEntity() ? response.readEntity(String.class) : null;
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (Exception notJson) {
            return null;
        }
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        String text = node.isValueNode() ? node.asText() : node.toString();
        return text.length() > MAX_MESSAGE_LENGTH ? text.substring(0, MAX_MESSAGE_LENGTH) + "..." : text;
    }
}
