package dev.zoomtoken.internal.auth;

import io.quarkus.rest.client.reactive.ComputedParamContext;

/**
 * The {@code Authorization} header of every call of {@link ZoomOAuthApi} and {@link ZoomRevokeApi}: the Basic header
 * of the {@link OAuthAppCredentials} the call was given as its {@code @NotBody} parameter, so each call sends the app
 * its caller chose and nothing else of that parameter reaches Zoom. Public because the REST client generated in the
 * consuming application calls it.
 */
public final class BasicHeaderFactory {

    private BasicHeaderFactory() {
    }

    /** The header value for the call described by {@code context}. */
    public static String header(ComputedParamContext context) {
        for (ComputedParamContext.MethodParameter parameter : context.methodParameters()) {
            if (parameter.value() instanceof OAuthAppCredentials app) {
                return app.basicAuthorization();
            }
        }
        throw new IllegalStateException("A call to Zoom's OAuth endpoints without the app's credentials");
    }
}
