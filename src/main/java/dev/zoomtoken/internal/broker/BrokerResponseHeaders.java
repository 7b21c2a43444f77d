package dev.zoomtoken.internal.broker;

import io.vertx.core.MultiMap;

/**
 * The headers every answer of the broker's own routes carries, set in one place before any handler runs, so that no
 * route can forget them: nothing it answers may be stored by a browser or a proxy (tokens, states, confirmation codes
 * and webhook validations all travel in these answers; RFC 6749 section 5.1), framed by another page, sniffed as
 * another content type, or sent on as a referrer. Quarkus's own endpoints under {@code /q} keep theirs (Dev UI frames
 * Swagger UI).
 */
final class BrokerResponseHeaders {

    static final String NO_STORE = "no-store";
    static final String PRAGMA = "Pragma";
    static final String NO_CACHE = "no-cache";
    private static final String NON_APPLICATION_ROOT = "/q/";

    private BrokerResponseHeaders() {
    }

    /** Adds the headers to the answer of a request for {@code path}. */
    static void add(String path, MultiMap headers) {
        if (path.startsWith(NON_APPLICATION_ROOT)) {
            return;
        }
        headers.set("Cache-Control", NO_STORE).set(PRAGMA, NO_CACHE)
                .set("X-Frame-Options", "DENY").set("Content-Security-Policy", "frame-ancestors 'none'")
                .set("X-Content-Type-Options", "nosniff").set("Referrer-Policy", "no-referrer");
    }
}
