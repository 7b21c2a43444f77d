package dev.zoomtoken.internal.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.jboss.logging.Logger;

import dev.zoomtoken.internal.metrics.ZoomMetrics;
import dev.zoomtoken.model.RateLimit;
import dev.zoomtoken.model.ZoomRateBudgetExceededException;
import io.smallrye.mutiny.Uni;

/**
 * The rate budget kept in this JVM, one per Zoom account.
 * <ul>
 * <li>At most {@code zoom.rate-limit.requests-per-second} calls leave in any window (see
 * {@link SlidingWindowSchedule}); a call over the budget waits for its slot without blocking a thread, or, if the slot
 * is more than {@code zoom.rate-limit.max-wait} away, fails at once with {@link ZoomRateBudgetExceededException}.</li>
 * <li>Learning from Zoom: each reply's {@link Lesson} (pause, halve the rate, or stop until a daily reset; callers are
 * told that time at once).</li>
 * </ul>
 * Time comes from a {@link BudgetTime}, so tests drive it without sleeping.
 * {@link RedisRateBudget} uses one with a share of the limit while Redis cannot be reached.
 */
final class SlidingWindowRateBudget implements ZoomRateBudget {

    private static final Logger LOG = Logger.getLogger(SlidingWindowRateBudget.class);

    private final boolean enabled;
    private final int limit;
    private final long maxWaitNanos;
    private final String scope;
    private final ZoomMetrics metrics;
    private final BudgetTime time;
    private final ConcurrentMap<String, Account> accounts = new ConcurrentHashMap<>();

    /**
     * @param enabled whether calls are paced at all
     * @param limit   calls per second; 0 refuses every call
     * @param maxWait longest wait for a slot
     * @param scope   how refusals name the limit, e.g. "(zoom.rate-limit.requests-per-second)"
     */
    SlidingWindowRateBudget(boolean enabled, int limit, Duration maxWait, String scope, ZoomMetrics metrics,
            BudgetTime time) {
        if (limit < 0) {
            throw new IllegalArgumentException("A rate budget cannot have " + limit + " calls per second");
        }
        this.enabled = enabled;
        this.limit = limit;
        this.maxWaitNanos = maxWait.toNanos();
        this.scope = scope;
        this.metrics = metrics;
        this.time = time;
    }

    @Override
    public Uni<Void> permit(String account) {
        return enabled ? Uni.createFrom().deferred(() -> reserve(account)) : Uni.createFrom().voidItem();
    }

    /** Reserves a slot now; the wait before it, or a failure when there is none. */
    Uni<Void> reserve(String account) {
        return grant(account).apply(metrics);
    }

    /** The decision for one call at the current time: how long it waits, or why it is refused. */
    Grant grant(String account) {
        return grant(account, maxWaitNanos);
    }

    /** The same with a longest wait of {@code maxWait} ns instead of {@code zoom.rate-limit.max-wait}. */
    Grant grant(String account, long maxWait) {
        return budgetOf(account).grant(time.nanoTime(), time.now(), maxWait);
    }

    /** Reserves a slot now only if one is free now; nothing is counted. */
    boolean reserveIfFree(String account) {
        return grant(account, 0).refusal() == null;
    }

    @Override
    public Uni<Boolean> permitIfFree(String account) {
        return enabled ? Uni.createFrom().item(() -> reserveIfFree(account)) : Uni.createFrom().item(true);
    }

    @Override
    public void observe(String account, RateLimit rateLimit, boolean limited) {
        if (enabled) {
            budgetOf(account).observe(rateLimit, limited, time.nanoTime(), time.now());
        }
    }

    /** No call for {@code account} leaves before {@code nanoTime} (a {@link BudgetTime#nanoTime()} value). */
    void holdUntil(String account, long nanoTime) {
        budgetOf(account).holdUntil(nanoTime);
    }

    private Account budgetOf(String account) {
        return accounts.computeIfAbsent(account, key -> new Account(time.nanoTime()));
    }

    /** A call's delay before its slot, or the exception that refuses it; exactly one is meaningful. */
    record Grant(Duration delay, ZoomRateBudgetExceededException refusal) {

        /** The shortest wait a Vert.x timer takes. */
        static final Duration TIMER_RESOLUTION = Duration.ofMillis(1);

        /** Completes after the delay, or fails with the refusal; counted either way. */
        Uni<Void> apply(ZoomMetrics metrics) {
            if (refusal != null) {
                metrics.rateBudgetRejection();
                return Uni.createFrom().failure(refusal);
            }
            if (delay.isZero()) {
                return Uni.createFrom().voidItem();
            }
            metrics.rateBudgetWait();
            // Rounded up to the timer's resolution: Vert.x refuses timers under 1 ms, which fails the call.
            return Uni.createFrom().voidItem().onItem().delayIt()
                    .by(delay.compareTo(TIMER_RESOLUTION) < 0 ? TIMER_RESOLUTION : delay);
        }
    }

    /** One account's schedule and what Zoom told about it. */
    private final class Account {
        private final SlidingWindowSchedule schedule = new SlidingWindowSchedule(Math.max(1, limit));
        private long pausedUntil;
        private long slowUntil;
        private Instant dailyResetAt;

        Account(long now) {
            pausedUntil = now;
            slowUntil = now;
        }

        synchronized Grant grant(long now, Instant wallNow, long maxWait) {
            if (dailyResetAt != null) {
                if (wallNow.isBefore(dailyResetAt)) {
                    return new Grant(null, BudgetRefusals.daily(dailyResetAt));
                }
                dailyResetAt = null;
            }
            if (limit == 0) {
                return new Grant(null, BudgetRefusals.noSlot(0, wallNow.plusNanos(maxWait).plusSeconds(1), scope));
            }
            int current = now - slowUntil < 0 ? Lesson.halved(limit) : limit;
            long at = schedule.reserve(now, current, pausedUntil, maxWait);
            if (at == Long.MIN_VALUE) {
                return new Grant(null,
                        BudgetRefusals.noSlot(limit, wallNow.plusNanos(maxWait).plusSeconds(1), scope));
            }
            return new Grant(Duration.ofNanos(Math.max(0, at - now)), null);
        }

        synchronized void observe(RateLimit rateLimit, boolean limited, long now, Instant wallNow) {
            Lesson lesson = Lesson.of(rateLimit, limited, wallNow);
            switch (lesson.kind()) {
                case DAILY -> {
                    dailyResetAt = lesson.dailyReset();
                    LOG.warnf("Zoom's daily rate limit is used up; calls stop until %s", dailyResetAt);
                }
                case PAUSE -> {
                    holdUntil(now + lesson.pause().toNanos());
                    slowUntil = now + Lesson.SLOW_DOWN.toNanos();
                }
                case SLOW -> slowUntil = now + Lesson.SLOW_DOWN.toNanos();
                case NOTHING -> {
                }
            }
        }

        synchronized void holdUntil(long nanoTime) {
            if (nanoTime - pausedUntil > 0) {
                pausedUntil = nanoTime;
            }
        }
    }
}
