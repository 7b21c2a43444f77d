package dev.zoomtoken.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import io.quarkus.rest.client.reactive.ReactiveClientHeadersFactory;
import io.smallrye.mutiny.Uni;

/**
 * Adds {@code Authorization: Bearer <access token>} to every call of the Zoom REST client, taking the token from the
 * {@link AccessTokenProvider} without blocking.
 */
@ApplicationScoped
public class BearerHeaders extends ReactiveClientHeadersFactory {

    private final AccessTokenProvider accessTokens;

    BearerHeaders(AccessTokenProvider accessTokens) {
        this.accessTokens = accessTokens;
    }

    @Override
    public Uni<MultivaluedMap<String, String>> getHeaders(MultivaluedMap<String, String> incomingHeaders,
            MultivaluedMap<String, String> clientOutgoingHeaders) {
        return accessTokens.accessToken().map(token -> {
            MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
            headers.putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + token.value());
            return headers;
        });
    }
}
