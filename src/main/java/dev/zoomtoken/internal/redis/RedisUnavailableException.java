package dev.zoomtoken.internal.redis;

/**
 * Redis did not answer in time, could not be reached, or answered with an error. Callers fall back to what they can do
 * alone; this never reaches a caller of the module.
 */
public final class RedisUnavailableException extends RuntimeException {

    private final boolean timedOut;

    RedisUnavailableException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private RedisUnavailableException(String message, Throwable cause, boolean timedOut) {
        super(message, cause, false, false);
        this.timedOut = timedOut;
    }

    static RedisUnavailableException timedOut(String message) {
        return new RedisUnavailableException(message, null, true);
    }

    /** Whether Redis only answered too late: the command may have run there. */
    boolean timedOut() {
        return timedOut;
    }
}
