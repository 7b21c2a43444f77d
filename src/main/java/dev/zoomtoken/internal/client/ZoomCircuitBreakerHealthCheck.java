package dev.zoomtoken.internal.client;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.zoomtoken.internal.http.ZoomFaultTolerance;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

/**
 * Readiness: DOWN while the circuit breaker in front of Zoom is open, so a load balancer can send callers elsewhere.
 * Reads the breaker's state; never calls Zoom.
 */
@Readiness
@ApplicationScoped
public class ZoomCircuitBreakerHealthCheck implements HealthCheck {

    private final CircuitBreakerMaintenance breakers;

    ZoomCircuitBreakerHealthCheck(CircuitBreakerMaintenance breakers) {
        this.breakers = breakers;
    }

    @Override
    public HealthCheckResponse call() {
        CircuitBreakerState state = breakers.currentState(ZoomFaultTolerance.CIRCUIT_BREAKER);
        return HealthCheckResponse.named("zoom-circuit-breaker")
                .status(state != CircuitBreakerState.OPEN)
                .withData("state", state.name())
                .withData("reason", state == CircuitBreakerState.OPEN
                        ? "recent calls to Zoom failed; calls are refused until Zoom is tried again"
                        : "Zoom calls flow")
                .build();
    }
}
