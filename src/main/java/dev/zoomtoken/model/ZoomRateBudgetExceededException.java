package dev.zoomtoken.model;

/**
 * The call was not sent to Zoom: the module's own rate budget ({@code zoom.rate-limit.*}) has no slot within the
 * allowed wait, or Zoom's daily limit is known to be used up. {@link #rateLimit()} says when to try again. This is
 * not a reply from Zoom. Never retried.
 */
public class ZoomRateBudgetExceededException extends ZoomUserTokenException implements RateLimitedFailure {

    private final RateLimit rateLimit;

    /** @param reason what is used up and that nothing was sent, for the message */
    public ZoomRateBudgetExceededException(RateLimit rateLimit, String reason) {
        super(reason + ". " + rateLimit.describe());
        this.rateLimit = rateLimit;
    }

    @Override
    public RateLimit rateLimit() {
        return rateLimit;
    }

    @Override
    public Failure failure() {
        return Failure.RATE_BUDGET_USED_UP;
    }
}
