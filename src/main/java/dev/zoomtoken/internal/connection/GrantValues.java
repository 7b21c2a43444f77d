package dev.zoomtoken.internal.connection;

import java.util.regex.Pattern;

import dev.zoomtoken.internal.auth.OAuthTokenResponse;
import dev.zoomtoken.model.ZoomMalformedResponseException;

/**
 * Checks what Zoom answered to an authorization or a refresh before any of it is stored: the tokens are printable
 * ASCII that fits its column once sealed, the Zoom user and account ids are Zoom ids, the scopes are a short list of
 * printable ASCII. A value that does not fit is refused with {@link ZoomMalformedResponseException} naming the field,
 * never quoting it, instead of failing in the database with half of the work done.
 */
final class GrantValues {

    /** Longest token kept: sealed (IV, tag, base64, key prefix) it still fits the 4000-character columns. */
    static final int MAX_TOKEN_LENGTH = 2900;
    static final int MAX_SCOPES_LENGTH = 2000;
    private static final Pattern ZOOM_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]{1," + MAX_TOKEN_LENGTH + "}");
    private static final Pattern SCOPES = Pattern.compile("[\\x20-\\x7e]{0," + MAX_SCOPES_LENGTH + "}");

    private GrantValues() {
    }

    /** {@code response}, when both of its tokens can be stored. */
    static OAuthTokenResponse tokens(OAuthTokenResponse response) {
        require(response.accessToken(), TOKEN, "access_token");
        require(response.refreshToken(), TOKEN, "refresh_token");
        return response;
    }

    /** The granted scopes as stored: empty when Zoom named none. */
    static String scopes(String scopes) {
        return scopes == null ? "" : require(scopes, SCOPES, "scope");
    }

    /** A Zoom user or account id from {@code GET /users/me}. */
    static String zoomId(String value, String field) {
        return require(value, ZOOM_ID, field);
    }

    private static String require(String value, Pattern form, String field) {
        if (value == null || !form.matcher(value).matches()) {
            throw new ZoomMalformedResponseException("Zoom answered a " + field + " that cannot be kept (missing, "
                    + "too long or not the expected characters)", null);
        }
        return value;
    }
}
