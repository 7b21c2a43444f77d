package dev.zoomtoken;

import java.util.List;

/**
 * The module's own rate budget ({@code zoom.rate-limit.*}) has no slot within the allowed wait, or Zoom's daily limit
 * is known to be used up: the call was not sent. {@link #rateLimit()} says when to try again. Never retried.
 */
public class ZoomRateBudgetExceededException extends ZoomRateLimitedException {

    public ZoomRateBudgetExceededException(RateLimit rateLimit, String reason) {
        super(new ZoomErrorDetails(429, null, reason, List.of(), null), rateLimit);
    }
}
