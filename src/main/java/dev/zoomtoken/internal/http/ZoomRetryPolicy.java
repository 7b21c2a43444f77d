package dev.zoomtoken.internal.http;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import dev.zoomtoken.internal.config.ZoomConfig;
import dev.zoomtoken.model.Failure;
import dev.zoomtoken.model.RateLimit;
import dev.zoomtoken.model.RateLimitedFailure;

/**
 * Which failed calls to Zoom are worth another attempt, and how long to wait before it. Which failures are retried
 * at all is {@link Failure#retry()}; this class adds the waits:
 * <ul>
 * <li>{@link Failure.Retry#WITH_BACKOFF}: exponential backoff (doubling from {@code zoom.retry.initial-backoff} up to
 * {@code zoom.retry.max-backoff}) with "equal jitter" (half fixed, half random).</li>
 * <li>{@link Failure.Retry#WHEN_LIMIT_RESETS_SOON}: after {@code Retry-After}, or about
 * {@code zoom.retry.rate-limit-default-wait} when the header is missing, unless that is more than
 * {@code zoom.retry.rate-limit-max-wait} away or the limit is a daily one.</li>
 * </ul>
 * {@link ZoomFaultTolerance} builds the retries of the calls to Zoom from it.
 */
@ApplicationScoped
public class ZoomRetryPolicy {

    private final ZoomConfig.Retry config;

    ZoomRetryPolicy(ZoomConfig config) {
        this.config = config.retry();
    }

    /** Whether a call that failed with {@code failure} should be attempted again; see {@link Failure#retry()}. */
    public boolean shouldRetry(Throwable failure, Instant now) {
        return switch (Failure.of(failure).retry()) {
            case NEVER -> false;
            case WITH_BACKOFF -> true;
            case WHEN_LIMIT_RESETS_SOON -> failure instanceof RateLimitedFailure limited
                    && limited.rateLimit().type() != RateLimit.Type.DAILY
                    && rateLimitWait(limited.rateLimit(), now).compareTo(config.rateLimitMaxWait()) <= 0;
        };
    }

    /** Wait before retry number {@code retry} (0 for the first retry). */
    public Duration delayBeforeRetry(int retry, Throwable failure, Instant now) {
        if (Failure.of(failure).retry() == Failure.Retry.WHEN_LIMIT_RESETS_SOON
                && failure instanceof RateLimitedFailure limited) {
            return rateLimitWait(limited.rateLimit(), now);
        }
        long cap = config.maxBackoff().toMillis();
        long step = Math.min(cap, config.initialBackoff().toMillis() << Math.min(retry, 20));
        long half = step / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }

    private Duration rateLimitWait(RateLimit rateLimit, Instant now) {
        return rateLimit.retryAfter(now).orElseGet(() -> {
            long base = config.rateLimitDefaultWait().toMillis();
            return Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(base / 4 + 1));
        });
    }
}
