package dev.zoomtoken.model;

/**
 * A refusal because a rate limit is used up: Zoom's ({@link ZoomRateLimitedException}) or the module's own budget's
 * ({@link ZoomRateBudgetExceededException}). {@link #rateLimit()} says which limit and when to try again.
 */
public interface RateLimitedFailure {

    /** The limit that was hit and its reset time. */
    RateLimit rateLimit();
}
