package dev.zoomtoken.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import dev.zoomtoken.internal.config.ZoomConfig;
import dev.zoomtoken.model.InvalidTokenRequestException;
import dev.zoomtoken.model.RateLimit;
import dev.zoomtoken.model.ZoomAuthenticationException;
import dev.zoomtoken.model.ZoomErrorDetails;
import dev.zoomtoken.model.ZoomMalformedResponseException;
import dev.zoomtoken.model.ZoomRateBudgetExceededException;
import dev.zoomtoken.model.ZoomRateLimitedException;
import dev.zoomtoken.model.ZoomServerException;
import dev.zoomtoken.model.ZoomTransportException;
import dev.zoomtoken.model.ZoomUserNotFoundException;
import dev.zoomtoken.model.ZoomValidationException;

class ZoomRetryPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final Duration INITIAL_DELAY = Duration.ofMillis(250);
    private static final int SAMPLES = 200;

    private final ZoomRetryPolicy policy = new ZoomRetryPolicy(config(Duration.ofSeconds(2), Duration.ofSeconds(1),
            Duration.ofSeconds(5)));

    static Stream<Throwable> retried() {
        return Stream.of(new ZoomServerException(details(500, null)), new ZoomServerException(details(503, null)),
                new ZoomTransportException("connection reset", new IOException("reset")),
                new TimeoutException("attempt timed out"));
    }

    static Stream<Throwable> notRetried() {
        return Stream.of(new ZoomUserNotFoundException(details(404, 1001)),
                new ZoomAuthenticationException(details(401, 124)),
                new ZoomValidationException(details(400, 300)),
                new ZoomMalformedResponseException("no token in reply", null),
                new InvalidTokenRequestException("userId", "bad"),
                new RuntimeException("boom"),
                new CircuitBreakerOpenException("open"),
                new ZoomRateBudgetExceededException(
                        new RateLimit(RateLimit.Type.QPS, null, null, null, NOW), "budget"));
    }

    @ParameterizedTest
    @MethodSource("retried")
    void transientFailuresAreRetried(Throwable failure) {
        assertTrue(policy.shouldRetry(failure, NOW));
    }

    @ParameterizedTest
    @MethodSource("notRetried")
    void permanentFailuresAreNotRetried(Throwable failure) {
        assertFalse(policy.shouldRetry(failure, NOW));
    }

    @Test
    void qpsLimitIsRetriedWhenTheResetIsNearEnough() {
        assertTrue(policy.shouldRetry(rateLimited(RateLimit.Type.QPS, NOW.plusSeconds(2)), NOW));
        assertTrue(policy.shouldRetry(rateLimited(RateLimit.Type.QPS, NOW.plusSeconds(5)), NOW));
        assertTrue(policy.shouldRetry(rateLimited(RateLimit.Type.QPS, NOW.minusSeconds(1)), NOW));
    }

    @Test
    void qpsLimitIsNotRetriedWhenTheResetIsTooFar() {
        assertFalse(policy.shouldRetry(rateLimited(RateLimit.Type.QPS, NOW.plusSeconds(6)), NOW));
        assertFalse(policy.shouldRetry(rateLimited(RateLimit.Type.QPS, NOW.plusMillis(5_001)), NOW));
    }

    @Test
    void dailyLimitIsNeverRetried() {
        assertFalse(policy.shouldRetry(rateLimited(RateLimit.Type.DAILY, NOW.plusSeconds(1)), NOW));
        assertFalse(policy.shouldRetry(rateLimited(RateLimit.Type.DAILY, null), NOW));
    }

    @Test
    void unknownLimitWithoutResetIsRetried() {
        assertTrue(policy.shouldRetry(rateLimited(RateLimit.Type.UNKNOWN, null), NOW));
        assertTrue(policy.shouldRetry(rateLimited(RateLimit.Type.QPS, null), NOW));
    }

    @ParameterizedTest
    @CsvSource({ "0, 125, 250", "1, 250, 500", "2, 500, 1000", "3, 1000, 2000", "10, 1000, 2000", "40, 1000, 2000" })
    void serverErrorBackoffDoublesWithEqualJitterUpToTheCap(int retry, long min, long max) {
        ZoomServerException failure = new ZoomServerException(details(503, null));
        for (int i = 0; i < SAMPLES; i++) {
            long delay = policy.delayBeforeRetry(retry, failure, NOW).toMillis();
            assertTrue(delay >= min && delay <= max, "retry " + retry + " waited " + delay + " ms");
        }
    }

    @Test
    void backoffIsActuallyRandom() {
        ZoomServerException failure = new ZoomServerException(details(500, null));
        long distinct = Stream.generate(() -> policy.delayBeforeRetry(2, failure, NOW))
                .limit(SAMPLES).distinct().count();
        assertTrue(distinct > 1, "200 samples of a 500 ms jitter range were all equal");
    }

    @Test
    void rateLimitWaitsExactlyUntilRetryAfter() {
        ZoomRateLimitedException failure = rateLimited(RateLimit.Type.QPS, NOW.plusMillis(1500));

        assertEquals(Duration.ofMillis(1500), policy.delayBeforeRetry(0, failure, NOW));
        assertEquals(Duration.ofMillis(1500), policy.delayBeforeRetry(5, failure, NOW));
    }

    @Test
    void rateLimitResetInThePastMeansNoWait() {
        ZoomRateLimitedException failure = rateLimited(RateLimit.Type.QPS, NOW.minusSeconds(3));

        assertEquals(Duration.ZERO, policy.delayBeforeRetry(0, failure, NOW));
    }

    @Test
    void rateLimitWithoutRetryAfterWaitsTheDefaultPlusJitter() {
        ZoomRateLimitedException failure = rateLimited(RateLimit.Type.UNKNOWN, null);
        for (int i = 0; i < SAMPLES; i++) {
            long delay = policy.delayBeforeRetry(0, failure, NOW).toMillis();
            assertTrue(delay >= 1000 && delay <= 1250, "waited " + delay + " ms");
        }
    }

    private static ZoomErrorDetails details(int status, Integer code) {
        return new ZoomErrorDetails(status, code, "message", List.of(), "t");
    }

    private static ZoomRateLimitedException rateLimited(RateLimit.Type type, Instant retryAt) {
        return new ZoomRateLimitedException(details(429, 429), new RateLimit(type, null, null, null, retryAt));
    }

    /**
     * A ZoomConfig whose retry() answers the given waits. A dynamic proxy rather than a class implementing every
     * method, so that settings added to ZoomConfig later do not break this test; anything but retry() fails loudly.
     */
    private static ZoomConfig config(Duration maxBackoff, Duration rateLimitDefaultWait, Duration rateLimitMaxWait) {
        ZoomConfig.Retry retry = new ZoomConfig.Retry() {
            @Override
            public int maxRetries() {
                return 3;
            }

            @Override
            public Duration initialBackoff() {
                return INITIAL_DELAY;
            }

            @Override
            public Duration maxBackoff() {
                return maxBackoff;
            }

            @Override
            public Duration rateLimitDefaultWait() {
                return rateLimitDefaultWait;
            }

            @Override
            public Duration rateLimitMaxWait() {
                return rateLimitMaxWait;
            }
        };
        return (ZoomConfig) Proxy.newProxyInstance(ZoomConfig.class.getClassLoader(),
                new Class<?>[]{ ZoomConfig.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("retry")) {
                        return retry;
                    }
                    throw new UnsupportedOperationException("not needed by ZoomRetryPolicy: " + method.getName());
                });
    }
}
