package dev.zoomtoken.internal.ratelimit;

/**
 * Hands out send times so that no one-second window ever holds more than the current limit, bursts included. Each
 * reservation k gets {@code t(k) = max(now, t(k-1), t(k-limit) + 1 s, pausedUntil)}: times never go backwards
 * (first come, first served) and any {@code limit} consecutive sends span at least one second, so no window of one
 * second can contain {@code limit + 1} of them. A token bucket, by contrast, lets a full bucket out right before a
 * refill. Not thread-safe; {@link SlidingWindowRateBudget} serialises access.
 */
final class SlidingWindowSchedule {

    /**
     * One second plus 100 ms. Zoom counts arrivals, not departures: a call that first opens a (TLS) connection arrives
     * later than one on a pooled connection, which could squeeze a window's calls into less than a second at Zoom.
     * The margin costs about 9 % of the configured rate.
     */
    static final long WINDOW_NANOS = 1_100_000_000L;

    private final long[] sent;
    private long reservations;
    private long last = Long.MIN_VALUE;

    /** @param maxLimit the largest limit that will ever be asked for (the ring keeps that many send times) */
    SlidingWindowSchedule(int maxLimit) {
        sent = new long[maxLimit];
    }

    /**
     * Reserves the earliest allowed send time at or after {@code now} and {@code notBefore}, unless that is more than
     * {@code maxWaitNanos} away.
     *
     * @return the reserved time (a {@link System#nanoTime()} value), or {@link Long#MIN_VALUE} when refused (nothing
     *         is reserved then)
     */
    long reserve(long now, int limit, long notBefore, long maxWaitNanos) {
        long at = Math.max(now, notBefore);
        if (reservations > 0 && last - at > 0) {
            at = last;
        }
        int effective = Math.min(limit, sent.length);
        if (reservations >= effective) {
            long windowStart = sent[(int) ((reservations - effective) % sent.length)];
            if (windowStart + WINDOW_NANOS - at > 0) {
                at = windowStart + WINDOW_NANOS;
            }
        }
        if (at - now > maxWaitNanos) {
            return Long.MIN_VALUE;
        }
        sent[(int) (reservations % sent.length)] = at;
        reservations++;
        last = at;
        return at;
    }
}
