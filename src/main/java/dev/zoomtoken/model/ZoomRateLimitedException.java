package dev.zoomtoken.model;

/**
 * Zoom answered 429: the account's rate limit for this category is used up. {@link #rateLimit()} says which limit
 * and when it resets. Thrown to the caller once retrying would wait longer than allowed (always for a daily limit).
 */
public class ZoomRateLimitedException extends ZoomApiException implements RateLimitedFailure {

    private final RateLimit rateLimit;

    public ZoomRateLimitedException(ZoomErrorDetails details, RateLimit rateLimit) {
        super(details, details.describe() + " " + rateLimit.describe());
        this.rateLimit = rateLimit;
    }

    /** The rate-limit headers of the reply. */
    @Override
    public RateLimit rateLimit() {
        return rateLimit;
    }

    @Override
    public Failure failure() {
        return Failure.ZOOM_RATE_LIMITED;
    }
}
