package dev.zoomtoken.internal.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class SlidingWindowScheduleTest {

    private static final long SECOND = SlidingWindowSchedule.WINDOW_NANOS;

    @Test
    void aBurstIsSpreadSoNoWindowHoldsMoreThanTheLimit() {
        SlidingWindowSchedule schedule = new SlidingWindowSchedule(50);
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            times.add(schedule.reserve(0, 50, 0, Long.MAX_VALUE));
        }

        assertMaxPerWindow(times, 50);
        assertEquals(0, times.get(49));
        assertEquals(SECOND, times.get(50));
        assertEquals(3 * SECOND, times.get(199), "200 at 50/s span 3 s, so the burst takes about 4 s in all");
    }

    @Test
    void randomArrivalsNeverExceedTheLimitInAnyWindow() {
        Random random = new Random(42);
        SlidingWindowSchedule schedule = new SlidingWindowSchedule(30);
        List<Long> times = new ArrayList<>();
        long now = 0;
        for (int i = 0; i < 5_000; i++) {
            now += random.nextInt(20_000_000);
            long at = schedule.reserve(now, 30, 0, Long.MAX_VALUE);
            assertTrue(at >= now);
            times.add(at);
        }
        assertMaxPerWindow(times, 30);
    }

    @Test
    void refusesWhatWouldWaitTooLongWithoutReserving() {
        SlidingWindowSchedule schedule = new SlidingWindowSchedule(10);
        for (int i = 0; i < 10; i++) {
            assertEquals(0, schedule.reserve(0, 10, 0, 100));
        }

        assertEquals(Long.MIN_VALUE, schedule.reserve(0, 10, 0, 100));
        assertEquals(SECOND, schedule.reserve(SECOND, 10, 0, 100), "a refusal must not take a slot");
    }

    @Test
    void aLowerLimitAndAPauseAreHonoured() {
        SlidingWindowSchedule schedule = new SlidingWindowSchedule(10);
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            times.add(schedule.reserve(0, 5, 0, Long.MAX_VALUE));
        }
        assertMaxPerWindow(times, 5);

        long paused = schedule.reserve(0, 10, 10 * SECOND, Long.MAX_VALUE);
        assertEquals(10 * SECOND, paused);
    }

    static void assertMaxPerWindow(List<Long> sortedTimes, int limit) {
        for (int i = limit; i < sortedTimes.size(); i++) {
            assertTrue(sortedTimes.get(i) - sortedTimes.get(i - limit) >= SECOND,
                    "more than " + limit + " sends within one second ending at index " + i);
        }
    }
}
