package dev.zoomtoken.internal.redis;

/**
 * Redis did not answer in time, could not be reached, or answered with an error. Callers fall back to what they can do
 * alone; this never reaches a caller of the module.
 */
public final class RedisUnavailableException extends RuntimeException {

    RedisUnavailableException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
