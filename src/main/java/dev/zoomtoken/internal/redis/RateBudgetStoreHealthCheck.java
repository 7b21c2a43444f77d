package dev.zoomtoken.internal.redis;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: where the rate budget is kept now, {@code local}, {@code redis} or {@code local-fallback}. Always UP:
 * without Redis a replica keeps serving within its local share, so taking it out of service would only lose capacity.
 */
@Readiness
@ApplicationScoped
public class RateBudgetStoreHealthCheck implements HealthCheck {

    private final RedisStore redis;

    RateBudgetStoreHealthCheck(RedisStore redis) {
        this.redis = redis;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("zoom-rate-limit-store").up()
                .withData("store", redis.storeName())
                .build();
    }
}
