package dev.zoomtoken.internal.http;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

import dev.zoomtoken.internal.config.ZoomConfig;
import dev.zoomtoken.internal.metrics.ZoomMetrics;
import dev.zoomtoken.model.Failure;
import dev.zoomtoken.model.ZoomTimeoutException;
import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;

/**
 * The fault tolerance of every call to Zoom, in one place, built from {@code zoom.retry.*},
 * {@code zoom.circuit-breaker.*} and {@code zoom.attempt-timeout}:
 * <ul>
 * <li>each {@link Call} with its guard: SmallRye Fault Tolerance retries (the failures and waits of
 * {@link ZoomRetryPolicy}, each retry logged and counted in {@code zoom_retries_total}) and, for the token call, the
 * circuit breaker {@value #CIRCUIT_BREAKER}, which counts exactly the failures whose
 * {@link Failure#countedByCircuitBreaker()} is true;</li>
 * <li>the attempt timeout, applied to each attempt with Mutiny ({@link #attempt}, {@link #sentOnce}) rather than by
 * SmallRye's timeout, whose timer wakes a thread of its own for every call: that cost about a fifth of the broker's
 * throughput on two cores (BENCHMARKS.md).</li>
 * </ul>
 * A call is bounded as a whole by {@code zoom.request-deadline} where it is made, so retries have no duration limit of
 * their own.
 */
@ApplicationScoped
public class ZoomFaultTolerance {

    /** The name of the circuit breaker in front of Zoom's token endpoint, for {@code CircuitBreakerMaintenance}. */
    public static final String CIRCUIT_BREAKER = "zoom-api";

    private static final Logger LOG = Logger.getLogger(ZoomFaultTolerance.class);

    /** The guarded calls to Zoom and their policies. */
    public enum Call {
        /** {@code GET /users/{userId}/token}: retried, behind the circuit breaker. */
        USER_TOKEN("dev.zoomtoken.internal.client.ZoomApiClient.getUserToken", "user_token", true, false),
        /** The account's Server-to-Server access token: retried. */
        SERVER_TO_SERVER_TOKEN("dev.zoomtoken.internal.auth.ZoomOAuthClient.requestToken", "oauth_token", false,
                false),
        /**
         * A connected user's authorization code exchanged for tokens: the code works once, so only retried when Zoom
         * cannot have used it ({@link ZoomFailures#notActedOnByZoom}).
         */
        CODE_EXCHANGE("dev.zoomtoken.internal.auth.UserOAuthClient.exchangeCode", "oauth_token", false, true);

        private final String description;
        private final String retryTag;
        private final boolean behindCircuitBreaker;
        private final boolean singleUse;

        Call(String description, String retryTag, boolean behindCircuitBreaker, boolean singleUse) {
            this.description = description;
            this.retryTag = retryTag;
            this.behindCircuitBreaker = behindCircuitBreaker;
            this.singleUse = singleUse;
        }

        /** The {@code method} tag of SmallRye Fault Tolerance's {@code ft_*} metrics. */
        public String description() {
            return description;
        }

        /** The {@code call} tag of {@code zoom_retries_total}. */
        public String retryTag() {
            return retryTag;
        }
    }

    private final ZoomRetryPolicy retryPolicy;
    private final ZoomMetrics metrics;
    private final ZoomConfig.Retry retry;
    private final ZoomConfig.CircuitBreaker breaker;
    private final Duration attemptTimeout;
    private final Clock clock;

    ZoomFaultTolerance(ZoomRetryPolicy retryPolicy, ZoomMetrics metrics, ZoomConfig config) {
        this.retryPolicy = retryPolicy;
        this.metrics = metrics;
        this.retry = config.retry();
        this.breaker = config.circuitBreaker();
        this.attemptTimeout = config.attemptTimeout();
        this.clock = Clock.systemUTC();
        if (retry.maxRetries() < 0 || attemptTimeout.isNegative() || attemptTimeout.isZero()) {
            throw new IllegalArgumentException("zoom.retry.max-retries must be 0 or more and zoom.attempt-timeout "
                    + "positive, got " + retry.maxRetries() + " and " + attemptTimeout);
        }
    }

    /**
     * The guard of {@code call}: build it once per client and send every call through it
     * ({@code guard.get(() -> attempt(...))}), so its circuit breaker sees them all.
     */
    public <T> TypedGuard<Uni<T>> guard(Call call) {
        TypedGuard.Builder<Uni<T>> builder = TypedGuard.create(ZoomFaultTolerance.<T>uni())
                .withDescription(call.description)
                .withRetry()
                .maxRetries(retry.maxRetries())
                .maxDuration(0, ChronoUnit.MILLIS)
                .whenException(
                        failure -> (!call.singleUse || ZoomFailures.notActedOnByZoom(failure)) && retried(failure))
                .withCustomBackoff().strategy(Backoff::new).done()
                .beforeRetry(failure -> beforeRetry(call, failure))
                .done();
        if (call.behindCircuitBreaker) {
            builder = builder.withCircuitBreaker()
                    .name(CIRCUIT_BREAKER)
                    .requestVolumeThreshold(breaker.requestVolumeThreshold())
                    .failureRatio(breaker.failureRatio())
                    .delay(breaker.delay().toMillis(), ChronoUnit.MILLIS)
                    .successThreshold(1)
                    .when(failure -> Failure.of(failure).countedByCircuitBreaker())
                    .done();
        }
        return builder.build();
    }

    /**
     * One attempt of a guarded call, ended with {@link TimeoutException} when Zoom has not answered within
     * {@code zoom.attempt-timeout}: retried and counted by the breaker like any failed attempt.
     */
    public <T> Uni<T> attempt(Uni<T> attempt) {
        return attempt.ifNoItem().after(attemptTimeout).failWith(() -> new TimeoutException(
                "No answer from Zoom within " + attemptTimeout.toMillis() + " ms"));
    }

    /**
     * A call that is sent once and never retried, ended with {@link ZoomTimeoutException} when Zoom has not answered
     * {@code what} within {@code zoom.attempt-timeout}.
     */
    public <T> Uni<T> sentOnce(Uni<T> call, String what) {
        return call.ifNoItem().after(attemptTimeout).failWith(() -> new ZoomTimeoutException(
                "Zoom did not answer " + what + " in time", null));
    }

    /**
     * {@code Uni<T>} as a class: a guard needs only the raw type to choose its Mutiny support, and a class needs no
     * generic signature read by reflection at run time, as a {@code TypeLiteral} would (also in a native image).
     */
    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static <T> Class<Uni<T>> uni() {
        return (Class) Uni.class;
    }

    /** How long the circuit breaker stays open before it lets a call through. */
    public Duration circuitBreakerDelay() {
        return breaker.delay();
    }

    private boolean retried(Throwable failure) {
        try {
            return retryPolicy.shouldRetry(failure, clock.instant());
        } catch (RuntimeException unexpected) {
            // An exception escaping this predicate would leave the guarded call without an outcome.
            LOG.error("Retry decision failed; not retrying", unexpected);
            return false;
        }
    }

    private void beforeRetry(Call call, Throwable failure) {
        LOG.debugf("Retrying a %s call to Zoom after %s: %s", call.retryTag, failure.getClass().getSimpleName(),
                failure.getMessage());
        String reason = Failure.of(failure).retryReason();
        metrics.retry(call.retryTag, reason == null ? "other" : reason);
    }

    /** The waits of one guarded call: SmallRye Fault Tolerance asks a new instance for each call. */
    private final class Backoff implements CustomBackoffStrategy {

        private int retries;

        @Override
        public long nextDelayInMillis(Throwable failure) {
            int retryNumber = retries++;
            try {
                return retryPolicy.delayBeforeRetry(retryNumber, failure, clock.instant()).toMillis();
            } catch (RuntimeException unexpected) {
                // An exception escaping a backoff strategy would leave the guarded call without an outcome.
                LOG.error("Backoff computation failed; using the initial backoff", unexpected);
                return retry.initialBackoff().toMillis();
            }
        }
    }
}
