package dev.zoomtoken.broker;

import java.util.Locale;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who may have whose token: a caller gets the token of the Zoom user whose id or email equals the caller's principal
 * name ({@code upn}, else {@code preferred_username}, else {@code sub}), ignoring case. Members of
 * {@value #ADMIN_GROUP} may get any user's token, and only they may ask for {@code me} (the app's own user).
 */
public final class CallerPolicy {

    /** The JWT group whose members may get any user's token. */
    public static final String ADMIN_GROUP = "zoom-token-admin";

    private CallerPolicy() {
    }

    /** Whether {@code caller} may get the token of {@code userId}. */
    public static boolean mayGetTokenOf(SecurityIdentity caller, String userId) {
        if (caller.hasRole(ADMIN_GROUP)) {
            return true;
        }
        if ("me".equals(userId)) {
            return false;
        }
        String name = caller.getPrincipal() == null ? null : caller.getPrincipal().getName();
        return name != null && name.toLowerCase(Locale.ROOT).equals(userId.toLowerCase(Locale.ROOT));
    }
}
