package dev.zoomtoken.internal.auth;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.zoomtoken.internal.config.ZoomConfig;

/** Readiness: DOWN, with the variables to set, while no Zoom credentials are configured. Never calls Zoom. */
@Readiness
@ApplicationScoped
public class ZoomCredentialsHealthCheck implements HealthCheck {

    private final AccessTokenSource.Mode mode;

    ZoomCredentialsHealthCheck(ZoomConfig config) {
        this.mode = AccessTokenSource.mode(config);
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("zoom-credentials")
                .status(mode != AccessTokenSource.Mode.NONE)
                .withData("mode", mode.name())
                .withData("reason",
                        mode == AccessTokenSource.Mode.NONE ? AccessTokenSource.NOT_CONFIGURED : "configured")
                .build();
    }
}
