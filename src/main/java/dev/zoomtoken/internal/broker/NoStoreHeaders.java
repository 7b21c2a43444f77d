package dev.zoomtoken.internal.broker;

import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.resteasy.reactive.RestResponse;

/**
 * The headers of every answer that carries a token or a signature: no cache, shared or private, may keep it
 * ({@code Cache-Control: no-store}; {@code Pragma: no-cache} for HTTP/1.0 caches).
 */
final class NoStoreHeaders {

    static final String CACHE_CONTROL = "no-store";
    static final String PRAGMA_HEADER = "Pragma";
    static final String PRAGMA = "no-cache";

    private NoStoreHeaders() {
    }

    /** {@code response} with the no-store headers. */
    static <T> RestResponse.ResponseBuilder<T> added(RestResponse.ResponseBuilder<T> response) {
        return response.header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL).header(PRAGMA_HEADER, PRAGMA);
    }
}
