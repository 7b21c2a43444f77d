package dev.zoomtoken.internal.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A Server-to-Server OAuth app's credentials. {@link #toString()} shows only the account and client ids.
 *
 * @param accountId    the Zoom account id
 * @param clientId     the app's client id
 * @param clientSecret the app's client secret
 */
public record ServerToServerCredentials(String accountId, String clientId, String clientSecret) {

    /** The {@code Authorization} header value for the token endpoint: {@code Basic base64(id:secret)}. */
    public String basicAuthorization() {
        return "Basic " + Base64.getEncoder()
                .encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "ServerToServerCredentials[accountId=" + accountId + ", clientId=" + clientId + ", clientSecret=<hidden>]";
    }
}
