package dev.zoomtoken.internal.client;

import dev.zoomtoken.internal.auth.AccessToken;
import io.quarkus.rest.client.reactive.ComputedParamContext;

/**
 * The {@code Authorization} header of every call of {@link ZoomUsersApi}: {@code Bearer} and the {@link AccessToken}
 * the call was given as its {@code @NotBody} parameter, so whose credentials a call uses is chosen per call and nothing
 * else of that parameter reaches Zoom. Public because the REST client generated in the consuming application calls it.
 */
public final class BearerHeaderFactory {

    private BearerHeaderFactory() {
    }

    /** The header value for the call described by {@code context}. */
    public static String header(ComputedParamContext context) {
        for (ComputedParamContext.MethodParameter parameter : context.methodParameters()) {
            if (parameter.value() instanceof AccessToken token) {
                return token.authorization();
            }
        }
        throw new IllegalStateException("A call to Zoom's users API without an access token");
    }
}
