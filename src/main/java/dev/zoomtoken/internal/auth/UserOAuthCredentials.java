package dev.zoomtoken.internal.auth;

/**
 * A General (user-managed) app's credentials, for user-level OAuth. {@link #toString()} shows only the client id.
 *
 * @param clientId     the app's client id
 * @param clientSecret the app's client secret
 */
public record UserOAuthCredentials(String clientId, String clientSecret) implements OAuthAppCredentials {

    @Override
    public String toString() {
        return "UserOAuthCredentials[clientId=" + clientId + ", clientSecret=<hidden>]";
    }
}
