package dev.zoomtoken.model;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * No access token could be obtained from Zoom's Server-to-Server OAuth endpoint. The message says what to fix
 * (client id or secret, account id, app disabled, scopes) and never contains the secret or the Basic header.
 */
public class ZoomOAuthException extends ZoomUserTokenException {

    private final ZoomErrorDetails details;

    /** The token endpoint refused the request; {@code hint} says what to fix. */
    public ZoomOAuthException(ZoomErrorDetails details, String hint) {
        super("Zoom refused the Server-to-Server OAuth token request: " + details.describe() + ". " + hint);
        this.details = details;
    }

    /** The token endpoint could not be reached or kept failing after retries. */
    public ZoomOAuthException(String message, Throwable cause) {
        super(message, cause);
        this.details = null;
    }

    /** The HTTP status of the token endpoint's refusal, if it answered with one. */
    public OptionalInt status() {
        return details == null ? OptionalInt.empty() : OptionalInt.of(details.status());
    }

    /** Zoom's error code (4702, 4705, ...), if the endpoint sent one. */
    public OptionalInt zoomCode() {
        return details == null || details.zoomCode() == null ? OptionalInt.empty() : OptionalInt.of(details.zoomCode());
    }

    /** The OAuth {@code error} value (such as {@code invalid_client}), if the endpoint sent one. */
    public Optional<String> oauthError() {
        return details == null ? Optional.empty() : Optional.ofNullable(details.oauthError());
    }

    /** Zoom's {@code x-zm-trackingid}, if the endpoint sent one. */
    public Optional<String> trackingId() {
        return details == null ? Optional.empty() : Optional.ofNullable(details.trackingId());
    }

    @Override
    public Failure failure() {
        return details == null ? Failure.OAUTH_UNAVAILABLE : Failure.CREDENTIALS_REJECTED;
    }
}
