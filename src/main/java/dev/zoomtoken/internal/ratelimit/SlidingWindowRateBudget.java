package dev.zoomtoken.internal.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.zoomtoken.internal.config.ZoomConfig;
import dev.zoomtoken.internal.metrics.ZoomMetrics;
import dev.zoomtoken.model.RateLimit;
import dev.zoomtoken.model.ZoomRateBudgetExceededException;
import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;

/**
 * The rate budget kept in this JVM, one per Zoom account.
 * <ul>
 * <li>At most {@code zoom.rate-limit.requests-per-second} calls leave in any window (see
 * {@link SlidingWindowSchedule}); a call over the budget waits for its slot without blocking a thread, or, if the slot
 * is more than {@code zoom.rate-limit.max-wait} away, fails at once with {@link ZoomRateBudgetExceededException}.</li>
 * <li>Learning from Zoom: a per-second 429 pauses calls until its {@code Retry-After} (one window without one) and
 * halves the rate for {@link #SLOW_DOWN}; a reply saying {@code X-RateLimit-Remaining: 0} halves it too. A daily 429
 * stops all calls until its reset time, and callers are told that time at once.</li>
 * </ul>
 * Time comes from a {@link BudgetTime}, so tests drive it without sleeping.
 */
@ApplicationScoped
@DefaultBean
public class SlidingWindowRateBudget implements ZoomRateBudget {

    static final Duration SLOW_DOWN = Duration.ofSeconds(5);
    /** Used when a daily 429 has no readable reset time. */
    static final Duration DAILY_PAUSE_WITHOUT_RESET = Duration.ofHours(1);
    private static final Logger LOG = Logger.getLogger(SlidingWindowRateBudget.class);

    private final boolean enabled;
    private final int limit;
    private final long maxWaitNanos;
    private final ZoomMetrics metrics;
    private final BudgetTime time;
    private final ConcurrentMap<String, Account> accounts = new ConcurrentHashMap<>();

    @Inject
    SlidingWindowRateBudget(ZoomConfig config, ZoomMetrics metrics) {
        this(config.rateLimit(), metrics, BudgetTime.SYSTEM);
    }

    SlidingWindowRateBudget(ZoomConfig.RateLimit settings, ZoomMetrics metrics, BudgetTime time) {
        if (settings.requestsPerSecond() < 1 || settings.requestsPerSecond() > 10_000) {
            throw new IllegalArgumentException("zoom.rate-limit.requests-per-second must be 1..10000, was "
                    + settings.requestsPerSecond());
        }
        this.enabled = settings.enabled();
        this.limit = settings.requestsPerSecond();
        this.maxWaitNanos = settings.maxWait().toNanos();
        this.metrics = metrics;
        this.time = time;
    }

    @Override
    public Uni<Void> permit(String account) {
        return enabled ? Uni.createFrom().deferred(() -> reserve(account)) : Uni.createFrom().voidItem();
    }

    /** Reserves a slot now; the wait before it, or a failure when there is none. */
    Uni<Void> reserve(String account) {
        Grant grant = grant(account);
        if (grant.refusal() != null) {
            metrics.rateBudgetRejection();
            return Uni.createFrom().failure(grant.refusal());
        }
        if (grant.delay().isZero()) {
            return Uni.createFrom().voidItem();
        }
        metrics.rateBudgetWait();
        return Uni.createFrom().voidItem().onItem().delayIt().by(grant.delay());
    }

    /** The decision for one call at the current time: how long it waits, or why it is refused. */
    Grant grant(String account) {
        return budgetOf(account).grant(time.nanoTime(), time.now());
    }

    @Override
    public void observe(String account, RateLimit rateLimit, boolean limited) {
        if (enabled) {
            budgetOf(account).observe(rateLimit, limited, time.nanoTime(), time.now());
        }
    }

    private Account budgetOf(String account) {
        return accounts.computeIfAbsent(account, key -> new Account(time.nanoTime()));
    }

    /** A call's delay before its slot, or the exception that refuses it; exactly one is meaningful. */
    record Grant(Duration delay, ZoomRateBudgetExceededException refusal) {
    }

    /** One account's schedule and what Zoom told about it. */
    private final class Account {
        private final SlidingWindowSchedule schedule = new SlidingWindowSchedule(limit);
        private long pausedUntil;
        private long slowUntil;
        private Instant dailyResetAt;

        Account(long now) {
            pausedUntil = now;
            slowUntil = now;
        }

        synchronized Grant grant(long now, Instant wallNow) {
            if (dailyResetAt != null) {
                if (wallNow.isBefore(dailyResetAt)) {
                    return refuse(new RateLimit(RateLimit.Type.DAILY, null, null, 0, dailyResetAt),
                            "Zoom's daily rate limit for this account is used up until " + dailyResetAt
                                    + "; not sent to Zoom");
                }
                dailyResetAt = null;
            }
            int current = now - slowUntil < 0 ? Math.max(1, limit / 2) : limit;
            long at = schedule.reserve(now, current, pausedUntil, maxWaitNanos);
            if (at == Long.MIN_VALUE) {
                Instant retryAt = wallNow.plusNanos(maxWaitNanos).plusSeconds(1);
                return refuse(new RateLimit(RateLimit.Type.QPS, null, limit, 0, retryAt), "The rate budget of "
                        + limit + " calls per second (zoom.rate-limit.requests-per-second) has no slot within "
                        + "zoom.rate-limit.max-wait; not sent to Zoom");
            }
            return new Grant(Duration.ofNanos(Math.max(0, at - now)), null);
        }

        synchronized void observe(RateLimit rateLimit, boolean limited, long now, Instant wallNow) {
            if (limited && rateLimit.type() == RateLimit.Type.DAILY) {
                dailyResetAt = rateLimit.retryAt() != null ? rateLimit.retryAt() : wallNow.plus(DAILY_PAUSE_WITHOUT_RESET);
                LOG.warnf("Zoom's daily rate limit is used up; calls stop until %s", dailyResetAt);
            } else if (limited) {
                long pause = rateLimit.retryAfter(wallNow).map(Duration::toNanos)
                        .orElse(SlidingWindowSchedule.WINDOW_NANOS);
                pausedUntil = Math.max(pausedUntil, now + pause);
                slowUntil = now + SLOW_DOWN.toNanos();
            } else if (rateLimit.remaining() != null && rateLimit.remaining() == 0) {
                slowUntil = now + SLOW_DOWN.toNanos();
            }
        }

        private Grant refuse(RateLimit rateLimit, String reason) {
            return new Grant(null, new ZoomRateBudgetExceededException(rateLimit, reason));
        }
    }
}
