package dev.zoomtoken.internal.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.zoomtoken.internal.metrics.ZoomMetrics;
import dev.zoomtoken.model.RateLimit;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The in-JVM budget driven by a hand-moved clock: every rule is checked without sleeping. */
class SlidingWindowRateBudgetTest {

    private static final long WINDOW = SlidingWindowSchedule.WINDOW_NANOS;
    private static final String ACCOUNT = "acct-1";

    private final ManualTime time = new ManualTime();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void aBurstOverTheLimitWaitsForLaterWindowsAndNoWindowHoldsMoreThanTheLimit() {
        SlidingWindowRateBudget budget = budget(10, Duration.ofSeconds(10));
        List<Long> sendTimes = new ArrayList<>();

        for (int i = 0; i < 35; i++) {
            SlidingWindowRateBudget.Grant grant = budget.grant(ACCOUNT);
            assertNull(grant.refusal());
            sendTimes.add(time.nanos + grant.delay().toNanos());
        }

        assertEquals(0, sendTimes.get(9) - time.nanos, "the first ten go at once");
        assertEquals(WINDOW, sendTimes.get(10) - time.nanos, "the eleventh waits one window");
        assertEquals(3 * WINDOW, sendTimes.get(34) - time.nanos);
        for (int i = 10; i < sendTimes.size(); i++) {
            assertTrue(sendTimes.get(i) - sendTimes.get(i - 10) >= WINDOW, "11 sends within a window, ending at " + i);
        }
    }

    @Test
    void aSlotBeyondMaxWaitIsRefusedAtOnceWithARetryTimeAndReservesNothing() {
        SlidingWindowRateBudget budget = budget(5, Duration.ofMillis(500));
        for (int i = 0; i < 5; i++) {
            assertNull(budget.grant(ACCOUNT).refusal());
        }

        SlidingWindowRateBudget.Grant refused = budget.grant(ACCOUNT);

        assertNotNull(refused.refusal());
        assertEquals(RateLimit.Type.QPS, refused.refusal().rateLimit().type());
        assertTrue(refused.refusal().rateLimit().retryAt().isAfter(time.wall));
        time.advance(Duration.ofNanos(WINDOW));
        assertEquals(Duration.ZERO, budget.grant(ACCOUNT).delay(), "the refusal took no slot");
    }

    /** Background work takes a slot only when one is free at once, and a busy budget neither waits nor counts it. */
    @Test
    void aSlotIfFreeIsTakenOnlyWhenNoCallWouldWaitAndARefusalCountsNothing() {
        SlidingWindowRateBudget budget = budget(3, Duration.ofSeconds(5));
        assertTrue(budget.permitIfFree(ACCOUNT).await().indefinitely());
        assertNull(budget.grant(ACCOUNT).refusal());
        assertEquals(Duration.ZERO, budget.grant(ACCOUNT).delay(), "the background slot was one of three");
        Duration nextLive = budget.grant(ACCOUNT).delay();
        assertTrue(nextLive.toNanos() > 0, "live calls wait now");

        assertFalse(budget.permitIfFree(ACCOUNT).await().indefinitely());
        assertEquals(0.0, registry.counter("zoom.rate.limit.rejections").count(), "not counted as a refusal");
        assertEquals(nextLive, budget.grant(ACCOUNT).delay(), "the refusal took no slot: the next live call waits "
                + "as long as the one before it (both in the next window)");
        assertTrue(budget.permitIfFree("another-account").await().indefinitely(), "per account");
        budget.holdUntil("another-account", time.nanos + 1_000_000L);
        assertFalse(budget.permitIfFree("another-account").await().indefinitely(), "a hold is a wait too");
        time.advance(Duration.ofNanos(2 * WINDOW));
        assertTrue(budget.permitIfFree(ACCOUNT).await().indefinitely());
    }

    @Test
    void aHoldDelaysEveryDepartureUntilItEndsAndOnlyForItsAccount() {
        SlidingWindowRateBudget budget = budget(10, Duration.ofSeconds(5));
        budget.holdUntil(ACCOUNT, time.nanos + 700_000_000L);

        assertEquals(Duration.ofMillis(700), budget.grant(ACCOUNT).delay());
        assertEquals(Duration.ofMillis(700), budget.grant(ACCOUNT).delay());
        assertEquals(Duration.ZERO, budget.grant("another-account").delay());
        budget.holdUntil(ACCOUNT, time.nanos + 100_000_000L);
        assertEquals(Duration.ofMillis(700), budget.grant(ACCOUNT).delay(), "an earlier hold never shortens one");
    }

    @Test
    void aBudgetOfZeroRefusesEveryCall() {
        SlidingWindowRateBudget budget = new SlidingWindowRateBudget(true, 0, Duration.ofSeconds(5), "(share)",
                new ZoomMetrics(registry), time);
        SlidingWindowRateBudget.Grant refused = budget.grant(ACCOUNT);
        assertNotNull(refused.refusal());
        assertTrue(refused.refusal().getMessage().contains("0 calls per second (share)"),
                refused.refusal().getMessage());
    }

    @Test
    void refusalsAndWaitsAreCounted() {
        SlidingWindowRateBudget budget = budget(1, Duration.ofSeconds(2));
        budget.reserve(ACCOUNT).await().indefinitely();
        budget.reserve(ACCOUNT);
        budget.reserve(ACCOUNT).subscribe().with(ok -> {
        }, failure -> {
        });

        assertEquals(1.0, registry.get("zoom.rate.limit.waits").counter().count());
        assertEquals(1.0, registry.get("zoom.rate.limit.rejections").counter().count());
    }

    @Test
    void aPerSecond429PausesUntilItsRetryAfterAndThenHalvesTheRate() {
        SlidingWindowRateBudget budget = budget(10, Duration.ofSeconds(30));
        budget.observe(ACCOUNT, new RateLimit(RateLimit.Type.QPS, null, 10, 0, time.wall.plusSeconds(2)), true);

        assertEquals(Duration.ofSeconds(2), budget.grant(ACCOUNT).delay());
        time.advance(Duration.ofSeconds(2));
        for (int i = 1; i < 5; i++) {
            assertEquals(Duration.ZERO, budget.grant(ACCOUNT).delay());
        }
        assertEquals(Duration.ofNanos(WINDOW), budget.grant(ACCOUNT).delay(), "half of 10 per window while slowed");

        time.advance(Lesson.SLOW_DOWN);
        for (int i = 0; i < 10; i++) {
            assertEquals(Duration.ZERO, budget.grant(ACCOUNT).delay(), "full rate again, call " + i);
        }
    }

    @Test
    void a429WithoutRetryAfterPausesOneWindow() {
        SlidingWindowRateBudget budget = budget(10, Duration.ofSeconds(30));
        budget.observe(ACCOUNT, new RateLimit(RateLimit.Type.QPS, null, null, null, null), true);

        assertEquals(Duration.ofNanos(WINDOW), budget.grant(ACCOUNT).delay());
    }

    @Test
    void remainingZeroHalvesTheRateWithoutAPause() {
        SlidingWindowRateBudget budget = budget(4, Duration.ofSeconds(30));
        budget.observe(ACCOUNT, new RateLimit(RateLimit.Type.QPS, null, 4, 0, null), false);

        assertEquals(Duration.ZERO, budget.grant(ACCOUNT).delay());
        assertEquals(Duration.ZERO, budget.grant(ACCOUNT).delay());
        assertEquals(Duration.ofNanos(WINDOW), budget.grant(ACCOUNT).delay());
    }

    @Test
    void aDailyLimitRefusesWithItsResetTimeUntilTheResetAndOnlyForThatAccount() {
        SlidingWindowRateBudget budget = budget(10, Duration.ofSeconds(30));
        Instant reset = time.wall.plus(Duration.ofHours(3));
        budget.observe(ACCOUNT, new RateLimit(RateLimit.Type.DAILY, null, null, 0, reset), true);

        SlidingWindowRateBudget.Grant refused = budget.grant(ACCOUNT);
        assertEquals(RateLimit.Type.DAILY, refused.refusal().rateLimit().type());
        assertEquals(reset, refused.refusal().rateLimit().retryAt());
        assertFalse(refused.refusal().getMessage().contains("HTTP 429"), refused.refusal().getMessage());
        assertNull(budget.grant("other-account").refusal(), "another account's budget is its own");

        time.advance(Duration.ofHours(3).minusMillis(1));
        assertNotNull(budget.grant(ACCOUNT).refusal());
        time.advance(Duration.ofMillis(1));
        assertNull(budget.grant(ACCOUNT).refusal());
    }

    @Test
    void aDailyLimitWithoutResetTimeStopsCallsForTheFallbackPause() {
        SlidingWindowRateBudget budget = budget(10, Duration.ofSeconds(30));
        budget.observe(ACCOUNT, new RateLimit(RateLimit.Type.DAILY, null, null, null, null), true);

        assertEquals(time.wall.plus(Lesson.DAILY_PAUSE_WITHOUT_RESET),
                budget.grant(ACCOUNT).refusal().rateLimit().retryAt());
    }

    @Test
    void accountsHaveTheirOwnWindows() {
        SlidingWindowRateBudget budget = budget(2, Duration.ofSeconds(30));
        budget.grant("a");
        budget.grant("a");

        assertEquals(Duration.ZERO, budget.grant("b").delay());
        assertEquals(Duration.ofNanos(WINDOW), budget.grant("a").delay());
    }

    @Test
    void aDisabledBudgetNeverWaitsNorLearns() {
        SlidingWindowRateBudget budget = new SlidingWindowRateBudget(false, 1, Duration.ZERO,
                RateBudgets.LOCAL_SCOPE, new ZoomMetrics(registry), time);
        budget.observe(ACCOUNT, new RateLimit(RateLimit.Type.DAILY, null, null, 0, time.wall.plusSeconds(60)), true);

        for (int i = 0; i < 5; i++) {
            budget.permit(ACCOUNT).await().atMost(Duration.ofSeconds(1));
        }
        assertEquals(0.0, registry.get("zoom.rate.limit.rejections").counter().count());
    }

    private SlidingWindowRateBudget budget(int perSecond, Duration maxWait) {
        return new SlidingWindowRateBudget(true, perSecond, maxWait, RateBudgets.LOCAL_SCOPE,
                new ZoomMetrics(registry), time);
    }

    /** A clock the test moves by hand; both readings move together. */
    static final class ManualTime implements BudgetTime {
        long nanos = 1_000_000_000_000L;
        Instant wall = Instant.parse("2026-12-03T08:00:00Z");

        void advance(Duration by) {
            nanos += by.toNanos();
            wall = wall.plus(by);
        }

        @Override
        public long nanoTime() {
            return nanos;
        }

        @Override
        public Instant now() {
            return wall;
        }
    }
}
