package dev.zoomtoken.internal.ratelimit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The rate budget's promise checked on recorded times: how many fall within any one window. */
public final class Windows {

    private Windows() {
    }

    /** No half-open window of {@code window} holds more than {@code limit} of {@code times} (in any order). */
    public static void assertAtMost(int limit, List<Instant> times, Duration window) {
        List<Instant> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        int first = 0;
        int most = 0;
        for (int last = 0; last < sorted.size(); last++) {
            while (!sorted.get(first).plus(window).isAfter(sorted.get(last))) {
                first++;
            }
            most = Math.max(most, last - first + 1);
        }
        assertTrue(most <= limit, most + " within " + window.toMillis() + " ms (limit " + limit + "): " + sorted);
    }
}
