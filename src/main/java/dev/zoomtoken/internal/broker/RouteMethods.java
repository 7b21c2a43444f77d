package dev.zoomtoken.internal.broker;

import jakarta.ws.rs.HttpMethod;

/**
 * The one method each broker route that mints, exchanges, consumes or changes something serves (two for the
 * caller's connection: read and delete). Any other method on such a path, {@code HEAD} and {@code OPTIONS} included,
 * is answered 405 before routing, so that no reply without a body ever costs an OBF token, a state or a rate-budget
 * slot.
 */
final class RouteMethods {

    private static final String[] GET = { HttpMethod.GET };
    private static final String[] POST = { HttpMethod.POST };
    private static final String[] GET_DELETE = { HttpMethod.GET, HttpMethod.DELETE };
    private static final String CONNECTIONS = ConnectionResource.PATH + "/";
    private static final String TOKEN = "/token";

    private RouteMethods() {
    }

    /** The methods served on the raw {@code path}, or null when it is not one of these routes. */
    static String[] of(String path) {
        if (TokenRequestTarget.isUserPath(path) || path.equals(OAuthCallbackResource.PATH)) {
            return GET;
        }
        if (path.equals(ZoomWebhookResource.PATH) || path.equals(MeetingSdkResource.PATH)) {
            return POST;
        }
        if (!path.startsWith(CONNECTIONS)) {
            return null;
        }
        String rest = path.substring(CONNECTIONS.length());
        return switch (rest) {
            case "me/authorize", "me/confirm" -> POST;
            case "me" -> GET_DELETE;
            default -> rest.endsWith(TOKEN) && rest.indexOf('/') == rest.length() - TOKEN.length() ? GET : null;
        };
    }

    /** Whether {@code method} is one of {@code allowed}. */
    static boolean serves(String[] allowed, String method) {
        for (String served : allowed) {
            if (served.equals(method)) {
                return true;
            }
        }
        return false;
    }
}
