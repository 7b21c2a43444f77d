package dev.zoomtoken.internal.ratelimit;

import java.time.Instant;

/**
 * Where the rate budget reads time: a monotonic clock for the schedule, and the wall clock for Zoom's reset times,
 * which are dates.
 */
interface BudgetTime {

    BudgetTime SYSTEM = new BudgetTime() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public Instant now() {
            return Instant.now();
        }
    };

    /** A {@link System#nanoTime()}-like value: only differences mean something. */
    long nanoTime();

    Instant now();
}
