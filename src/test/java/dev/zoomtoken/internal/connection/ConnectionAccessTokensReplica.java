package dev.zoomtoken.internal.connection;

import dev.zoomtoken.internal.auth.UserOAuthClient;
import dev.zoomtoken.internal.config.ZoomConfig;

/**
 * A second {@link ConnectionAccessTokens} beside the application's, with its own claim owner and in-process
 * single flight: what another replica on the same database does.
 */
public final class ConnectionAccessTokensReplica {

    private ConnectionAccessTokensReplica() {
    }

    public static ConnectionAccessTokens create(ConnectionStores stores, ConnectionEvents events, UserOAuthClient oauth,
            ZoomConfig config) {
        return new ConnectionAccessTokens(stores, events, oauth, config);
    }
}
