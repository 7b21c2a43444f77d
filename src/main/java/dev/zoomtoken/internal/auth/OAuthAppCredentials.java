package dev.zoomtoken.internal.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An OAuth app's client id and secret, as Zoom's token and revoke endpoints take them: in a Basic {@code Authorization}
 * header that {@link BasicHeaderFactory} writes for each call. Implementations show no secret in {@code toString()}.
 */
public interface OAuthAppCredentials {

    /** The app's client id. */
    String clientId();

    /** The app's client secret. */
    String clientSecret();

    /** The {@code Authorization} header value that sends them: {@code Basic base64(id:secret)}. */
    default String basicAuthorization() {
        return "Basic " + Base64.getEncoder()
                .encodeToString((clientId() + ":" + clientSecret()).getBytes(StandardCharsets.UTF_8));
    }
}
