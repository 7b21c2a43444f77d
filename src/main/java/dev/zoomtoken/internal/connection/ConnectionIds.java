package dev.zoomtoken.internal.connection;

/** Whose a connection is and which Zoom user it reaches: what an event about a deleted connection can still say. */
public record ConnectionIds(String principal, String zoomUserId, String zoomAccountId) {
}
