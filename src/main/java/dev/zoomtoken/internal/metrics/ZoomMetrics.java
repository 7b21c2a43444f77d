package dev.zoomtoken.internal.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.zoomtoken.model.Failure;
import dev.zoomtoken.model.TokenType;
import dev.zoomtoken.model.ZoomRateLimitedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;

/**
 * The module's meters. Tags are limited to the token type and a fixed set of outcomes: never a user id, email or
 * token, so the number of series does not grow with the number of users.
 * <ul>
 * <li>{@code zoom_token_requests_seconds{type, outcome}}: count and latency histogram of token requests;</li>
 * <li>{@code zoom_oauth_token_requests_total}, {@code zoom_oauth_token_failures_total}: Server-to-Server OAuth
 * access-token fetches;</li>
 * <li>{@code zoom_api_rate_limit_remaining}: Zoom's {@code X-RateLimit-Remaining}, from the latest reply with
 * that header;</li>
 * <li>{@code zoom_retries_total{call, reason}}: retries of calls to Zoom, by why they were needed;</li>
 * <li>{@code zoom_token_requests_coalesced_total}: requests that shared another's Zoom call;</li>
 * <li>{@code zoom_rate_limit_waits_total}, {@code zoom_rate_limit_rejections_total}: calls the rate budget made wait
 * or refused;</li>
 * <li>{@code zoom_rate_limit_store{store}}: 1 for where the budget is kept now ({@code local}, {@code redis} or
 * {@code local-fallback} while Redis cannot be reached), 0 for the others;
 * {@code zoom_rate_limit_store_fallbacks_total}: times a replica lost Redis and fell back to its local share;</li>
 * <li>{@code zoom_redis_commands_seconds{outcome}}: latency of Redis commands and scripts, {@code ok} or
 * {@code failed} (timeouts included);</li>
 * <li>{@code zoom_connection_event_deliveries_total{outcome}}: connection events POSTed to the application's URL,
 * {@code delivered} or {@code failed} (given up after the retries);</li>
 * <li>{@code zoom_connection_keep_alive_total{outcome}}: keep-alive refreshes of idle connections, {@code refreshed},
 * {@code failed} or {@code reauthorization_required}.</li>
 * </ul>
 * Circuit-breaker state and per-method retry totals also come from SmallRye Fault Tolerance's own {@code ft_*} meters.
 */
@Startup
@ApplicationScoped
public class ZoomMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger rateLimitRemaining = new AtomicInteger(-1);
    // Function counters hold their source weakly; this field keeps it for as long as the meters exist.
    private Object accessTokenSource;
    private final Counter rateBudgetWaits;
    private final Counter rateBudgetRejections;
    private final Counter storeFallbacks;
    private final Timer redisOk;
    private final Timer redisFailed;
    private final List<Meter> stateMeters = new ArrayList<>();
    // Looked up once per type and outcome (a bounded set), not built and looked up in the registry per request.
    private final Map<String, Timer> requestTimers = new ConcurrentHashMap<>();

    public ZoomMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.rateBudgetWaits = Counter.builder("zoom.rate.limit.waits")
                .description("Calls that waited for a slot in the rate budget").register(registry);
        this.rateBudgetRejections = Counter.builder("zoom.rate.limit.rejections")
                .description("Calls refused without reaching Zoom because the rate budget was used up")
                .register(registry);
        this.storeFallbacks = Counter.builder("zoom.rate.limit.store.fallbacks")
                .description("Times Redis could not be reached and this replica fell back to its local share")
                .register(registry);
        this.redisOk = redisTimer("ok");
        this.redisFailed = redisTimer("failed");
        stateMeters.add(Gauge.builder("zoom.api.rate.limit.remaining", rateLimitRemaining,
                value -> value.get() < 0 ? Double.NaN : value.get())
                .description("Zoom's X-RateLimit-Remaining on the latest reply that carried it")
                .strongReference(true)
                .register(registry));
    }

    /**
     * Reports the access-token requests of an OAuth token source, read from {@code source} whenever meters are
     * scraped; called once by the source's owner.
     */
    public synchronized <T> void accessTokenRequests(T source, ToDoubleFunction<T> requests,
            ToDoubleFunction<T> failures) {
        accessTokenSource = source;
        stateMeters.add(FunctionCounter.builder("zoom.oauth.token.requests", source, requests)
                .description("Access-token requests sent to Zoom's OAuth endpoint").register(registry));
        stateMeters.add(FunctionCounter.builder("zoom.oauth.token.failures", source, failures)
                .description("Access-token requests that failed").register(registry));
    }

    /**
     * Reports where the rate budget is kept, read from {@code current} whenever meters are scraped: one gauge per name
     * in {@code stores}, 1 for the current one.
     */
    public synchronized void rateBudgetStore(Supplier<String> current, List<String> stores) {
        for (String store : stores) {
            stateMeters.add(Gauge.builder("zoom.rate.limit.store", current, now -> store.equals(now.get()) ? 1 : 0)
                    .description("Where the rate budget is kept now: 1 for the current store")
                    .tag("store", store)
                    .strongReference(true)
                    .register(registry));
        }
    }

    /** Counts a fall-back from Redis to the local share. */
    public void rateBudgetStoreFallback() {
        storeFallbacks.increment();
    }

    /** Records one Redis command or script and whether it succeeded in time. */
    public void redisCommand(long nanos, boolean ok) {
        (ok ? redisOk : redisFailed).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer redisTimer(String outcome) {
        return Timer.builder("zoom.redis.commands").description("Redis commands and scripts run by the module")
                .tag("outcome", outcome).publishPercentiles(0.5, 0.99).register(registry);
    }

    /** Counts a call that waited for its slot in the rate budget. */
    public void rateBudgetWait() {
        rateBudgetWaits.increment();
    }

    /** Counts a call the rate budget refused without sending it. */
    public void rateBudgetRejection() {
        rateBudgetRejections.increment();
    }

    /**
     * Meters that read this instance's state go with it; otherwise a registry that outlives the application (tests
     * restart it in one JVM) would keep reading a stopped instance.
     */
    @PreDestroy
    void removeStateMeters() {
        stateMeters.forEach(registry::remove);
    }

    /** Counts a connection event delivered to the application's URL, or given up after its retries. */
    public void connectionEventDelivery(boolean delivered) {
        registry.counter("zoom.connection.event.deliveries", "outcome", delivered ? "delivered" : "failed")
                .increment();
    }

    /**
     * Counts one keep-alive refresh of an idle connection by its outcome: {@code refreshed}, {@code failed} or
     * {@code reauthorization_required}.
     */
    public void connectionKeepAlive(String outcome) {
        registry.counter("zoom.connection.keep.alive", "outcome", outcome).increment();
    }

    /** Records one finished token request; {@code failure} is null on success. */
    public void tokenRequest(TokenType type, Throwable failure, long nanos) {
        String outcome = outcome(failure);
        requestTimers.computeIfAbsent(type.wireValue() + '/' + outcome, key -> Timer.builder("zoom.token.requests")
                .description("Token requests to Zoom by type and outcome")
                .tag("type", type.wireValue())
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
        if (failure instanceof ZoomRateLimitedException limited && limited.rateLimit().remaining() != null) {
            rateLimitRemaining(limited.rateLimit().remaining());
        }
    }

    /**
     * Counts a retry of a call to Zoom: {@code call} is {@code user_token} or {@code oauth_token}, {@code reason} a
     * {@link Failure#retryReason()}.
     */
    public void retry(String call, String reason) {
        registry.counter("zoom.retries", "call", call, "reason", reason).increment();
    }

    /** Counts a request that shared another's Zoom call. */
    public void coalesced() {
        registry.counter("zoom.token.requests.coalesced").increment();
    }

    /** Remembers Zoom's remaining rate budget; null (not reported) is ignored. */
    public void rateLimitRemaining(Integer remaining) {
        if (remaining != null) {
            rateLimitRemaining.set(remaining);
        }
    }

    /** The outcome tag for a request that ended with {@code failure} (null: success); see {@link Failure#outcome()}. */
    static String outcome(Throwable failure) {
        return failure == null ? "success" : Failure.of(failure).outcome();
    }
}
