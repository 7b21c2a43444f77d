package dev.zoomtoken.internal.ratelimit;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;

/**
 * When each token call leaves the module: the REST client runs this filter after the rate budget's permit, as the
 * request is sent, so these are the times the budget's promise is about. The mock's own log of arrivals lags them by
 * up to half a second when CI loads both cores (seen: two windows' calls arriving 630 ms apart, sent 1.1 s apart).
 * Registered for the {@code zoom-api} client by the rate-budget test profile ({@link #PROVIDERS_SETTING}).
 */
public class Departures implements ClientRequestFilter {

    static final String PROVIDERS_SETTING = "quarkus.rest-client.zoom-api.providers";
    private static final ConcurrentLinkedQueue<Instant> TIMES = new ConcurrentLinkedQueue<>();

    @Override
    public void filter(ClientRequestContext request) {
        if (request.getUri().getPath().matches("/v2/users/[^/]+/token")) {
            TIMES.add(Instant.now());
        }
    }

    static void clear() {
        TIMES.clear();
    }

    static List<Instant> times() {
        return List.copyOf(TIMES);
    }
}
