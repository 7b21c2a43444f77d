package dev.zoomtoken.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Zoom's rate-limit headers on a reply. Each may be missing; Zoom does not always send them.
 *
 * @param type       {@code X-RateLimit-Type}
 * @param category   {@code X-RateLimit-Category} (Light, Medium, Heavy), or null
 * @param limit      {@code X-RateLimit-Limit}, or null
 * @param remaining  {@code X-RateLimit-Remaining}, or null
 * @param retryAt    {@code Retry-After} as an instant (Zoom sends an ISO-8601 timestamp; seconds are accepted too)
 */
public record RateLimit(Type type, String category, Integer limit, Integer remaining, Instant retryAt) {

    /** The kind of limit Zoom says was hit. */
    public enum Type {
        /** Requests per second; resets within a second or so. */
        QPS,
        /** The account's daily quota; resets at {@link #retryAt()}, often hours away. */
        DAILY,
        /** No or an unrecognised {@code X-RateLimit-Type} header. */
        UNKNOWN
    }

    public RateLimit {
        if (type == null) {
            type = Type.UNKNOWN;
        }
    }

    /** Time from {@code now} until {@link #retryAt()}, never negative; empty when Zoom sent no usable Retry-After. */
    public Optional<Duration> retryAfter(Instant now) {
        if (retryAt == null) {
            return Optional.empty();
        }
        Duration wait = Duration.between(now, retryAt);
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    }

    String describe() {
        return "Rate limit " + type + (category == null ? "" : " (" + category + ")")
                + (retryAt == null ? ", no reset time given" : ", resets at " + retryAt);
    }
}
