package dev.zoomtoken.client;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import dev.zoomtoken.RateLimit;
import dev.zoomtoken.ZoomRateBudgetExceededException;
import dev.zoomtoken.ZoomRateLimitedException;
import dev.zoomtoken.ZoomServerException;
import dev.zoomtoken.ZoomTransportException;
import dev.zoomtoken.config.ZoomConfig;
import io.quarkus.arc.Unremovable;

/**
 * Which failed calls to Zoom are worth another attempt, and how long to wait before it.
 * <ul>
 * <li>5xx, transport failures and attempt timeouts: retried with exponential backoff (doubling from the configured
 * {@code @Retry} delay up to {@code zoom.retry.max-backoff}) and "equal jitter" (half fixed, half random).</li>
 * <li>429 per-second limits: retried after {@code Retry-After}, or about {@code zoom.retry.rate-limit-default-wait}
 * when the header is missing, unless that is more than {@code zoom.retry.rate-limit-max-wait} away.</li>
 * <li>429 daily limits, refusals by the module's own rate budget and every other 4xx: never retried.</li>
 * </ul>
 * The {@code @Retry} on {@link ZoomApiClient} reaches this through {@link RetryableZoomFailure} and {@link ZoomBackoff},
 * which look it up at run time (hence {@code @Unremovable}).
 */
@ApplicationScoped
@Unremovable
public class ZoomRetryPolicy {

    private final ZoomConfig.Retry config;

    ZoomRetryPolicy(ZoomConfig config) {
        this.config = config.retry();
    }

    /** Whether a call that failed with {@code failure} should be attempted again. */
    public boolean shouldRetry(Throwable failure, Instant now) {
        if (failure instanceof ZoomRateBudgetExceededException) {
            return false;
        }
        if (failure instanceof ZoomRateLimitedException limited) {
            RateLimit rateLimit = limited.rateLimit();
            return rateLimit.type() != RateLimit.Type.DAILY
                    && rateLimitWait(rateLimit, now).compareTo(config.rateLimitMaxWait()) <= 0;
        }
        return failure instanceof ZoomServerException
                || failure instanceof ZoomTransportException
                || failure instanceof TimeoutException;
    }

    /**
     * Wait before retry number {@code retry} (0 for the first retry).
     *
     * @param initialDelay the {@code @Retry} delay, the first backoff step
     */
    public Duration delayBeforeRetry(int retry, Throwable failure, Duration initialDelay, Instant now) {
        if (failure instanceof ZoomRateLimitedException limited) {
            return rateLimitWait(limited.rateLimit(), now);
        }
        long cap = config.maxBackoff().toMillis();
        long step = Math.min(cap, initialDelay.toMillis() << Math.min(retry, 20));
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
