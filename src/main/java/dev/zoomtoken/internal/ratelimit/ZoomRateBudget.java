package dev.zoomtoken.internal.ratelimit;

import dev.zoomtoken.model.RateLimit;
import dev.zoomtoken.model.ZoomRateBudgetExceededException;
import io.smallrye.mutiny.Uni;

/**
 * The budget in front of every call to Zoom's API, retries included, kept per Zoom account because that is how Zoom
 * counts. {@link SlidingWindowRateBudget} keeps it in this JVM; another implementation (a bean that replaces the
 * default) can share it between replicas.
 */
public interface ZoomRateBudget {

    /**
     * Completes when one call for {@code account} may go to Zoom; fails with {@link ZoomRateBudgetExceededException},
     * without waiting, when it may not. The slot is reserved on subscription.
     *
     * @param account the Zoom account whose budget the call spends; never a user id or email
     */
    Uni<Void> permit(String account);

    /**
     * A slot for background work that must yield to live calls: true, with the slot taken, when a call for
     * {@code account} may go to Zoom at once without waiting; false, taking and counting nothing, when the budget is
     * busy (calls wait for slots), paused or used up. The default, for budgets that cannot tell, takes a slot as
     * {@link #permit} does and may wait for it.
     */
    default Uni<Boolean> permitIfFree(String account) {
        return permit(account).replaceWith(true).onFailure(ZoomRateBudgetExceededException.class)
                .recoverWithItem(false);
    }

    /** What Zoom said about {@code account}'s limits in a reply; {@code limited} is true for a 429. */
    void observe(String account, RateLimit rateLimit, boolean limited);
}
