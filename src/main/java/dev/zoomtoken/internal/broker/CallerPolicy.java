package dev.zoomtoken.internal.broker;

import dev.zoomtoken.model.ZoomUserIds;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who may have whose token: a caller gets the token of the Zoom user whose id or email is the caller's principal name
 * ({@code upn}, else {@code preferred_username}, else {@code sub}) under {@link ZoomUserIds#sameUser}: emails with
 * only {@code A-Z} folded, Zoom user ids exactly. A principal name that is not itself a valid Zoom user id or email
 * matches no one. Members of {@value #ADMIN_GROUP} may get any user's token, and only they may ask for {@code me}
 * (the credentials' own user, in any case).
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
        if (ZoomUserIds.isMe(userId)) {
            return false;
        }
        String name = caller.getPrincipal() == null ? null : caller.getPrincipal().getName();
        return !ZoomUserIds.isMe(name) && ZoomUserIds.sameUser(name, userId);
    }
}
