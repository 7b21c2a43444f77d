package dev.zoomtoken.internal.connection;

import java.time.Duration;

import dev.zoomtoken.internal.metrics.ZoomMetrics;
import dev.zoomtoken.internal.ratelimit.ZoomRateBudget;

/** A {@link ConnectionKeepAlive} beside the application's, with a rate budget the test chooses. */
public final class ConnectionKeepAlives {

    private ConnectionKeepAlives() {
    }

    public static ConnectionKeepAlive create(ConnectionStores stores, ConnectionAccessTokens accessTokens,
            ConnectionEvents events, ZoomRateBudget budget, ZoomMetrics metrics, String keepAlive) {
        return new ConnectionKeepAlive(stores, accessTokens, events, budget, metrics, keepAlive, Duration.ofHours(1));
    }
}
