package dev.zoomtoken.internal.ratelimit;

import java.time.Instant;

import dev.zoomtoken.model.RateLimit;
import dev.zoomtoken.model.ZoomRateBudgetExceededException;

/** The two ways the rate budget refuses a call, worded once for every store. */
final class BudgetRefusals {

    private BudgetRefusals() {
    }

    /** Zoom's daily limit for the account is used up until {@code resetAt}. */
    static ZoomRateBudgetExceededException daily(Instant resetAt) {
        return new ZoomRateBudgetExceededException(new RateLimit(RateLimit.Type.DAILY, null, null, 0, resetAt),
                "Zoom's daily rate limit for this account is used up until " + resetAt + "; not sent to Zoom");
    }

    /** No slot within {@code zoom.rate-limit.max-wait} in a budget of {@code limit} calls per second. */
    static ZoomRateBudgetExceededException noSlot(int limit, Instant retryAt, String scope) {
        return new ZoomRateBudgetExceededException(new RateLimit(RateLimit.Type.QPS, null, limit, 0, retryAt),
                "The rate budget of " + limit + " calls per second " + scope + " has no slot within "
                        + "zoom.rate-limit.max-wait; not sent to Zoom");
    }
}
