package dev.zoomtoken.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.resteasy.reactive.client.impl.PreservesThreadClientResponseFilter;

import dev.zoomtoken.ZoomAuthenticationException;
import dev.zoomtoken.ZoomErrorDetails;
import dev.zoomtoken.auth.AccessTokenProvider;
import io.quarkus.arc.Arc;

/**
 * When Zoom rejects the access token of a call (401 or code 124), tells the {@link AccessTokenProvider} exactly which
 * token was rejected, taken from the call's own {@code Authorization} header. A filter sees the request and the
 * response together; an exception mapper sees only the response.
 * <p>
 * It never blocks (the response body is already buffered when response filters run), so it runs on the calling
 * thread: without {@link PreservesThreadClientResponseFilter} the REST client would move every response, successful
 * ones included, to a worker thread and back.
 */
public class RejectedTokenFilter implements PreservesThreadClientResponseFilter {

    private static final String BEARER = "Bearer ";

    @Override
    public void filter(ClientRequestContext request, ClientResponseContext response) throws IOException {
        int status = response.getStatus();
        if (status != 400 && status != 401) {
            return;
        }
        String body = null;
        if (response.hasEntity()) {
            try (InputStream entity = response.getEntityStream()) {
                byte[] bytes = entity.readAllBytes();
                body = new String(bytes, StandardCharsets.UTF_8);
                response.setEntityStream(new ByteArrayInputStream(bytes));
            }
        }
        ZoomErrorDetails details = ZoomErrorMapper.details(status,
                response.getHeaderString(ZoomErrorMapper.TRACKING_ID_HEADER), body);
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (ZoomErrorMapper.classify(details) instanceof ZoomAuthenticationException
                && authorization != null && authorization.startsWith(BEARER)) {
            Arc.container().instance(AccessTokenProvider.class).get().rejected(authorization.substring(BEARER.length()));
        }
    }
}
