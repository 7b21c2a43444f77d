package dev.zoomtoken.internal.ratelimit;

import java.time.Duration;
import java.time.Instant;

import dev.zoomtoken.model.RateLimit;

/**
 * What one reply from Zoom teaches the rate budget, whichever store keeps it: a daily 429 stops calls until its
 * reset; a per-second 429 pauses them until its {@code Retry-After} (one window without one) and halves the rate for
 * {@link #SLOW_DOWN}; {@code X-RateLimit-Remaining: 0} halves the rate too.
 *
 * @param kind       what to do
 * @param pause      for {@link Kind#PAUSE}: how long no call may leave
 * @param dailyReset for {@link Kind#DAILY}: when calls may start again
 */
record Lesson(Kind kind, Duration pause, Instant dailyReset) {

    static final Duration SLOW_DOWN = Duration.ofSeconds(5);
    /** Used when a daily 429 has no readable reset time. */
    static final Duration DAILY_PAUSE_WITHOUT_RESET = Duration.ofHours(1);
    private static final Lesson NOTHING = new Lesson(Kind.NOTHING, null, null);
    private static final Lesson SLOW = new Lesson(Kind.SLOW, null, null);

    /** The kinds of lesson. */
    enum Kind {
        /** Nothing changes. */
        NOTHING,
        /** Halve the rate for {@link #SLOW_DOWN}. */
        SLOW,
        /** Pause for {@link #pause()}, then halve the rate for {@link #SLOW_DOWN}. */
        PAUSE,
        /** Refuse every call until {@link #dailyReset()}. */
        DAILY
    }

    /** The rate while slowed down: half the limit, at least 1. */
    static int halved(int limit) {
        return Math.max(1, limit / 2);
    }

    /** The lesson of a reply carrying {@code rateLimit}; {@code limited} is true for a 429. */
    static Lesson of(RateLimit rateLimit, boolean limited, Instant now) {
        if (limited && rateLimit.type() == RateLimit.Type.DAILY) {
            return new Lesson(Kind.DAILY, null,
                    rateLimit.retryAt() != null ? rateLimit.retryAt() : now.plus(DAILY_PAUSE_WITHOUT_RESET));
        }
        if (limited) {
            return new Lesson(Kind.PAUSE, rateLimit.retryAfter(now)
                    .orElse(Duration.ofNanos(SlidingWindowSchedule.WINDOW_NANOS)), null);
        }
        return rateLimit.remaining() != null && rateLimit.remaining() == 0 ? SLOW : NOTHING;
    }
}
