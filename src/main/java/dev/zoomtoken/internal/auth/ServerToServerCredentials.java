package dev.zoomtoken.internal.auth;

/**
 * A Server-to-Server OAuth app's credentials. {@link #toString()} shows only the account and client ids.
 *
 * @param accountId    the Zoom account id
 * @param clientId     the app's client id
 * @param clientSecret the app's client secret
 */
public record ServerToServerCredentials(String accountId, String clientId, String clientSecret)
        implements OAuthAppCredentials {

    @Override
    public String toString() {
        return "ServerToServerCredentials[accountId=" + accountId + ", clientId=" + clientId
                + ", clientSecret=<hidden>]";
    }
}
