package dev.zoomtoken;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Waits, bounded, for something a real process does that the test can neither drive with a clock nor be told of: a
 * server that starts, Redis that comes back, a write by another replica. Everything the module times itself is
 * tested on injected clocks instead.
 */
public final class Poll {

    /** A condition to check again; an exception ends the wait with it (for example: the process died). */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    private Poll() {
    }

    /**
     * Checks {@code condition} every {@code interval} until it holds.
     *
     * @throws AssertionError naming {@code what} when it does not hold within {@code timeout}
     */
    public static void until(Supplier<String> what, Duration timeout, Duration interval, Condition condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!condition.holds()) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("not within " + timeout + ": " + what.get());
                }
                // The one pause between checks: the condition changes in another process, which sends no signal.
                Thread.sleep(interval.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting: " + what.get(), e);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(what.get(), e);
        }
    }
}
