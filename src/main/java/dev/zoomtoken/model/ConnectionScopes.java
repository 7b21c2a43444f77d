package dev.zoomtoken.model;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The scopes a connected Zoom user must grant, and which token types a connection can mint with the scopes it was
 * granted. {@value #USER_TOKEN} covers {@code GET /users/me/token} for every type; {@value #USER_ZAK} is accepted for
 * ZAKs only, because Zoom's own texts name it for ZAKs too (see the README). A connection that can mint nothing is
 * never stored.
 */
public final class ConnectionScopes {

    /** Zoom's scope for {@code GET /users/me/token}: ZAK, OBF and the SDK token. */
    public static final String USER_TOKEN = "user:read:token";
    /** The ZAK scope under its other name: ZAKs only. */
    public static final String USER_ZAK = "user:read:zak";

    private ConnectionScopes() {
    }

    /**
     * The token types a connection granted {@code scopes} (space-separated, as Zoom reports them; null or blank for
     * none) can mint; empty when it can mint none.
     */
    public static Set<TokenType> mintable(String scopes) {
        Set<String> granted = scopes == null ? Set.of() : Set.of(Arrays.stream(scopes.trim().split(" +"))
                .filter(scope -> !scope.isEmpty()).distinct().toArray(String[]::new));
        if (granted.contains(USER_TOKEN)) {
            return Collections.unmodifiableSet(EnumSet.allOf(TokenType.class));
        }
        return granted.contains(USER_ZAK) ? Set.of(TokenType.ZAK) : Set.of();
    }

    /** The scopes that let a connection mint {@code type}, in words. */
    public static String neededFor(TokenType type) {
        return type == TokenType.ZAK ? USER_TOKEN + " (or " + USER_ZAK + ")" : USER_TOKEN;
    }
}
