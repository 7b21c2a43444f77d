package dev.zoomtoken.model;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Zoom's OAuth endpoint refused a request or could not be reached: the account's Server-to-Server token, or a
 * connected user's code exchange, refresh or revocation. The message says what to fix (client id or secret, account
 * id, app disabled, scopes) and never contains a secret, a token or the Basic header.
 */
public class ZoomOAuthException extends ZoomUserTokenException {

    private final ZoomErrorDetails details;

    /** The token endpoint refused a Server-to-Server request; {@code hint} says what to fix. */
    public ZoomOAuthException(ZoomErrorDetails details, String hint) {
        this("Server-to-Server OAuth token request", details, hint);
    }

    /** The endpoint refused {@code request} (what was asked, for the message); {@code hint} says what to fix. */
    public ZoomOAuthException(String request, ZoomErrorDetails details, String hint) {
        super("Zoom refused the " + request + ": " + details.describe() + ". " + hint);
        this.details = details;
    }

    /** What the endpoint answered, when it answered with a refusal. */
    public Optional<ZoomErrorDetails> details() {
        return Optional.ofNullable(details);
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
