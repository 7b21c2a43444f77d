package dev.zoomtoken.client;

import dev.zoomtoken.RateLimit;
import dev.zoomtoken.Secrets;

/**
 * A 200 from Zoom's token endpoint with what its headers said.
 *
 * @param token      the token, null when Zoom issued none for this user
 * @param trackingId {@code x-zm-trackingid}, or null
 * @param rateLimit  the rate-limit headers (Zoom reports the remaining budget on successful calls too)
 */
public record ZoomTokenReply(String token, String trackingId, RateLimit rateLimit) {

    @Override
    public String toString() {
        return "ZoomTokenReply[token=" + Secrets.mask(token) + ", trackingId=" + trackingId + ", rateLimit=" + rateLimit
                + "]";
    }
}
