package dev.zoomtoken.model;

/**
 * The connected Zoom user did not grant the scope a token needs: at confirmation, a consent that can mint no token at
 * all (nothing was stored and the grant was revoked at Zoom); for a token request, a type the connection cannot mint
 * (nothing was sent to Zoom). The user has to connect again and grant it ({@link ConnectionScopes}).
 */
public class ZoomScopeNotGrantedException extends ZoomUserTokenException {

    private final String grantedScopes;

    private ZoomScopeNotGrantedException(String message, String grantedScopes) {
        super(message);
        this.grantedScopes = grantedScopes;
    }

    /** A consent whose scopes mint no token: refused at confirmation. */
    public static ZoomScopeNotGrantedException atConnect(String grantedScopes) {
        return new ZoomScopeNotGrantedException("The Zoom user granted " + quoted(grantedScopes) + " but a connection "
                + "needs " + ConnectionScopes.USER_TOKEN + " (ZAK, OBF and SDK tokens) or " + ConnectionScopes.USER_ZAK
                + " (ZAK only). Nothing was stored and the grant was revoked at Zoom: add the scope to the Zoom app "
                + "(or have the user keep it ticked) and connect again", grantedScopes);
    }

    /** A token request for {@code type}, which a connection granted {@code grantedScopes} cannot mint. */
    public static ZoomScopeNotGrantedException forType(TokenType type, String grantedScopes) {
        return new ZoomScopeNotGrantedException("This connection's Zoom user granted " + quoted(grantedScopes)
                + ", which does not mint " + type.wireValue() + " tokens: that needs "
                + ConnectionScopes.neededFor(type) + ". The user has to connect again and grant it; nothing was sent "
                + "to Zoom", grantedScopes);
    }

    /** The scopes the user granted, space-separated, as Zoom reported them (empty for none). */
    public String grantedScopes() {
        return grantedScopes;
    }

    @Override
    public Failure failure() {
        return Failure.MISSING_SCOPE;
    }

    private static String quoted(String scopes) {
        return scopes == null || scopes.isBlank() ? "no scope" : "'" + scopes + "'";
    }
}
