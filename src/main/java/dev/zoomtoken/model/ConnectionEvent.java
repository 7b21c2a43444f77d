package dev.zoomtoken.model;

import java.time.Instant;

/**
 * A change of a connection, fired as a CDI event once the change is committed to the database: observe it with
 * {@code @Observes ConnectionEvent} (runs on the thread that made the change, before the call that made it returns:
 * keep it short, never block) or {@code @ObservesAsync ConnectionEvent} (runs later on a worker thread). With
 * {@code zoom.user-oauth.events-url} set, the module also POSTs it there, signed like Zoom's webhooks (see the
 * README). Never carries a token.
 *
 * @param type          what happened
 * @param at            when it was fired
 * @param principal     the caller principal the connection belongs to
 * @param zoomUserId    the connected Zoom user
 * @param zoomAccountId that user's Zoom account
 * @param status        the connection's status after the change: {@value #ACTIVE}, {@value #REAUTHORIZATION_REQUIRED}
 *                      or {@value #DELETED} (it no longer exists)
 */
public record ConnectionEvent(Type type, Instant at, String principal, String zoomUserId, String zoomAccountId,
        String status) {

    /** The connection can mint tokens. */
    public static final String ACTIVE = "active";
    /** Zoom refused its refresh token: the user has to connect again. */
    public static final String REAUTHORIZATION_REQUIRED = "reauthorization_required";
    /** The connection was deleted. */
    public static final String DELETED = "deleted";

    /** The kinds of change, with their names in the delivered JSON. */
    public enum Type {
        /** A caller confirmed a new connection (or one that replaces its earlier one). */
        CONNECTED("connection.connected"),
        /** Zoom refused the connection's refresh token; it is kept, marked, and mints nothing until reconnected. */
        REAUTHORIZATION_REQUIRED("connection.reauthorization_required"),
        /** Zoom said the user removed the app ({@code app_deauthorized}); the connection was deleted. */
        DEAUTHORIZED("connection.deauthorized"),
        /** The caller disconnected; the grant was revoked at Zoom (best effort) and the connection deleted. */
        DISCONNECTED("connection.disconnected"),
        /** A keep-alive refresh failed for a reason other than Zoom refusing the token; the connection stays active. */
        KEEP_ALIVE_FAILED("connection.keep_alive_failed");

        private final String wireName;

        Type(String wireName) {
            this.wireName = wireName;
        }

        /** The {@code event} field of the delivered JSON, such as {@code connection.connected}. */
        public String wireName() {
            return wireName;
        }
    }
}
