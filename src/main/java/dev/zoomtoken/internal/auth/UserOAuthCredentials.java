package dev.zoomtoken.internal.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A General (user-managed) app's credentials, for user-level OAuth. {@link #toString()} shows only the client id.
 *
 * @param clientId     the app's client id
 * @param clientSecret the app's client secret
 */
public record UserOAuthCredentials(String clientId, String clientSecret) {

    /** The {@code Authorization} header value for the token and revoke endpoints: {@code Basic base64(id:secret)}. */
    public String basicAuthorization() {
        return "Basic " + Base64.getEncoder()
                .encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "UserOAuthCredentials[clientId=" + clientId + ", clientSecret=<hidden>]";
    }
}
