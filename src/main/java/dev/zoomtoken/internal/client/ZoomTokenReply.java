package dev.zoomtoken.internal.client;

import java.time.Instant;

import dev.zoomtoken.model.RateLimit;
import dev.zoomtoken.model.Secrets;

/**
 * A 200 from Zoom's token endpoint with what its headers said.
 *
 * @param token      the token, null when Zoom issued none for this user
 * @param trackingId {@code x-zm-trackingid}, or null
 * @param rateLimit  the rate-limit headers (Zoom reports the remaining budget on successful calls too)
 * @param sentAt     when the request that got this reply left, the earliest moment Zoom can have started its ttl
 */
public record ZoomTokenReply(String token, String trackingId, RateLimit rateLimit, Instant sentAt) {

    @Override
    public String toString() {
        return "ZoomTokenReply[token=" + Secrets.mask(token) + ", trackingId=" + trackingId + ", rateLimit=" + rateLimit
                + ", sentAt=" + sentAt + "]";
    }
}
