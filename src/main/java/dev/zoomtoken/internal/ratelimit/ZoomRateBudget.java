package dev.zoomtoken.internal.ratelimit;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.zoomtoken.model.RateLimit;
import dev.zoomtoken.model.ZoomRateBudgetExceededException;
import dev.zoomtoken.internal.config.ZoomConfig;
import dev.zoomtoken.internal.metrics.ZoomMetrics;
import io.smallrye.mutiny.Uni;

/**
 * The account-wide budget in front of every call to Zoom's token endpoint, retries included.
 * <ul>
 * <li>At most {@code zoom.rate-limit.requests-per-second} calls leave in any one-second window (see
 * {@link SlidingWindowSchedule}); a call over the budget waits for its slot without blocking a thread, or, if the slot
 * is more than {@code zoom.rate-limit.max-wait} away, fails at once with {@link ZoomRateBudgetExceededException}.</li>
 * <li>Learning from Zoom: a per-second 429 pauses calls until its {@code Retry-After} (about a second without one) and
 * halves the rate for {@value #SLOW_SECONDS} s; a reply saying {@code X-RateLimit-Remaining: 0} halves it too. A daily
 * 429 stops all calls until its reset time, and callers are told that time at once.</li>
 * </ul>
 */
@ApplicationScoped
public class ZoomRateBudget {

    static final int SLOW_SECONDS = 5;
    private static final Logger LOG = Logger.getLogger(ZoomRateBudget.class);

    private final boolean enabled;
    private final int limit;
    private final long maxWaitNanos;
    private final SlidingWindowSchedule schedule;
    private final ZoomMetrics metrics;
    private long pausedUntil;
    private long slowUntil;
    private Instant dailyResetAt;

    ZoomRateBudget(ZoomConfig config, ZoomMetrics metrics) {
        ZoomConfig.RateLimit settings = config.rateLimit();
        if (settings.requestsPerSecond() < 1 || settings.requestsPerSecond() > 10_000) {
            throw new IllegalArgumentException("zoom.rate-limit.requests-per-second must be 1..10000, was "
                    + settings.requestsPerSecond());
        }
        this.enabled = settings.enabled();
        this.limit = settings.requestsPerSecond();
        this.maxWaitNanos = settings.maxWait().toNanos();
        this.schedule = new SlidingWindowSchedule(limit);
        long now = System.nanoTime();
        this.pausedUntil = now;
        this.slowUntil = now;
        this.metrics = metrics;
    }

    /**
     * Completes when this call may go to Zoom; fails with {@link ZoomRateBudgetExceededException} if it may not. The
     * slot is reserved on subscription, so that the wait starts at the moment the reservation was computed for.
     */
    public Uni<Void> permit() {
        return enabled ? Uni.createFrom().deferred(this::reserve) : Uni.createFrom().voidItem();
    }

    private Uni<Void> reserve() {
        long now = System.nanoTime();
        long at;
        synchronized (this) {
            if (dailyResetAt != null) {
                if (Instant.now().isBefore(dailyResetAt)) {
                    return refuse(new RateLimit(RateLimit.Type.DAILY, null, null, 0, dailyResetAt),
                            "Zoom's daily rate limit for this account is used up until " + dailyResetAt + "; not sent to Zoom");
                }
                dailyResetAt = null;
            }
            int current = now - slowUntil < 0 ? Math.max(1, limit / 2) : limit;
            at = schedule.reserve(now, current, pausedUntil, maxWaitNanos);
        }
        if (at == Long.MIN_VALUE) {
            Instant retryAt = Instant.now().plus(Duration.ofNanos(maxWaitNanos)).plusSeconds(1);
            return refuse(new RateLimit(RateLimit.Type.QPS, null, limit, 0, retryAt), "The rate budget of " + limit
                    + " calls per second (zoom.rate-limit.requests-per-second) has no slot within zoom.rate-limit.max-wait; "
                    + "not sent to Zoom");
        }
        long wait = at - now;
        if (wait <= 0) {
            return Uni.createFrom().voidItem();
        }
        metrics.rateBudgetWait();
        return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofNanos(wait));
    }

    /** Adjusts the budget to what Zoom reported; {@code limited} is true for a 429. */
    public void observe(RateLimit rateLimit, boolean limited) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        synchronized (this) {
            if (limited && rateLimit.type() == RateLimit.Type.DAILY) {
                dailyResetAt = rateLimit.retryAt() != null ? rateLimit.retryAt() : Instant.now().plus(Duration.ofHours(1));
                LOG.warnf("Zoom's daily rate limit is used up; calls stop until %s", dailyResetAt);
            } else if (limited) {
                long pause = rateLimit.retryAfter(Instant.now()).map(Duration::toNanos)
                        .orElse(SlidingWindowSchedule.WINDOW_NANOS);
                pausedUntil = Math.max(pausedUntil, now + pause);
                slowUntil = now + Duration.ofSeconds(SLOW_SECONDS).toNanos();
            } else if (rateLimit.remaining() != null && rateLimit.remaining() == 0) {
                slowUntil = now + Duration.ofSeconds(SLOW_SECONDS).toNanos();
            }
        }
    }

    private Uni<Void> refuse(RateLimit rateLimit, String reason) {
        metrics.rateBudgetRejection();
        return Uni.createFrom().failure(new ZoomRateBudgetExceededException(rateLimit, reason));
    }
}
