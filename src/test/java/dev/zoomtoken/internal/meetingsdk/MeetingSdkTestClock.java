package dev.zoomtoken.internal.meetingsdk;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;

/**
 * The Meeting SDK's clock in {@code @QuarkusTest}s: the system clock until a test {@linkplain #set sets} it, so that
 * {@code iat} and {@code exp} can be checked exactly. Replaces the module's default {@link MeetingSdkTime} clock (a
 * test class is a bean of the application under test; typed so that it is no {@code @Default} clock of anything
 * else); tests that set it {@linkplain #reset reset} it.
 */
@Singleton
@Typed(MeetingSdkTestClock.class)
public class MeetingSdkTestClock extends Clock {

    private static final AtomicReference<Instant> FIXED = new AtomicReference<>();

    /** From now on the clock reads {@code instant}. */
    public static void set(Instant instant) {
        FIXED.set(instant);
    }

    /** Back to the system clock. */
    public static void reset() {
        FIXED.set(null);
    }

    @Produces
    @MeetingSdkTime
    @Singleton
    static Clock meetingSdkClock(MeetingSdkTestClock clock) {
        return clock;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the Meeting SDK reads instants only");
    }

    @Override
    public Instant instant() {
        Instant fixed = FIXED.get();
        return fixed == null ? Instant.now() : fixed;
    }
}
