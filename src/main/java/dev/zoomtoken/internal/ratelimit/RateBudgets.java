package dev.zoomtoken.internal.ratelimit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;

import org.jboss.logging.Logger;

import dev.zoomtoken.internal.config.ZoomConfig;
import dev.zoomtoken.internal.metrics.ZoomMetrics;
import dev.zoomtoken.internal.redis.RedisStore;
import io.quarkus.arc.DefaultBean;
import io.quarkus.runtime.StartupEvent;

/**
 * Makes the {@link ZoomRateBudget} that {@code zoom.shared-state} selects: {@link SlidingWindowRateBudget} for
 * {@code local}, {@link RedisRateBudget} (with a local share as its fallback) for {@code redis}. An application can
 * replace it with a bean of its own.
 */
@ApplicationScoped
class RateBudgets {

    static final String LOCAL_SCOPE = "(zoom.rate-limit.requests-per-second)";
    static final int MAX_REQUESTS_PER_SECOND = 10_000;
    private static final Logger LOG = Logger.getLogger(RateBudgets.class);

    /** Refuses to start with settings no budget can have, rather than failing the first call. */
    void checkAtStartup(@Observes StartupEvent event, ZoomConfig config) {
        check(config.rateLimit());
    }

    private static void check(ZoomConfig.RateLimit settings) {
        int limit = settings.requestsPerSecond();
        if (limit < 1 || limit > MAX_REQUESTS_PER_SECOND) {
            throw new IllegalArgumentException(
                    "zoom.rate-limit.requests-per-second (ZOOM_RATE_LIMIT_REQUESTS_PER_SECOND) "
                            + "must be 1.." + MAX_REQUESTS_PER_SECOND + ", was " + limit);
        }
        if (settings.replicas() < 1) {
            throw new IllegalArgumentException(
                    "zoom.rate-limit.replicas (ZOOM_RATE_LIMIT_REPLICAS) must be at least 1, "
                            + "was " + settings.replicas());
        }
    }

    @Produces
    @ApplicationScoped
    @DefaultBean
    ZoomRateBudget rateBudget(ZoomConfig config, RedisStore redis, ZoomMetrics metrics) {
        ZoomConfig.RateLimit settings = config.rateLimit();
        check(settings);
        int limit = settings.requestsPerSecond();
        if (config.sharedState() == ZoomConfig.SharedState.LOCAL) {
            return new SlidingWindowRateBudget(settings.enabled(), limit, settings.maxWait(), LOCAL_SCOPE, metrics,
                    BudgetTime.SYSTEM);
        }
        int share = limit / settings.replicas();
        if (share < 1 && settings.enabled()) {
            LOG.warnf(
                    "zoom.rate-limit.replicas (%d) is more than zoom.rate-limit.requests-per-second (%d): while Redis "
                            + "cannot be reached this replica has no local share and refuses every call",
                    settings.replicas(),
                    limit);
        }
        return new RedisRateBudget(settings.enabled(), limit, settings.maxWait(), redis,
                new SlidingWindowRateBudget(settings.enabled(), share, settings.maxWait(),
                        "(this replica's local share while Redis cannot be reached: zoom.rate-limit.requests-per-second"
                                + " / zoom.rate-limit.replicas)",
                        metrics, BudgetTime.SYSTEM),
                metrics, BudgetTime.SYSTEM);
    }
}
