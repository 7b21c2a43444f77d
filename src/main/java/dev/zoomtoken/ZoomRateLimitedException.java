package dev.zoomtoken;

/**
 * Zoom answered 429: the account's rate limit for this category is used up. {@link #rateLimit()} says which limit
 * and when it resets. Thrown to the caller once retrying would wait longer than allowed (always for a daily limit).
 */
public class ZoomRateLimitedException extends ZoomApiException {

    private final RateLimit rateLimit;

    public ZoomRateLimitedException(ZoomErrorDetails details, RateLimit rateLimit) {
        super(details, details.describe() + " " + rateLimit.describe());
        this.rateLimit = rateLimit;
    }

    /** The rate-limit headers of the reply. */
    public RateLimit rateLimit() {
        return rateLimit;
    }
}
