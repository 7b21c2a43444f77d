package dev.zoomtoken;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * Shared setup of {@code @QuarkusTest} classes that talk to a mock Zoom: the mock itself, and a clean mock and closed
 * circuit breakers around every test. (Classes also run as {@code @QuarkusIntegrationTest} cannot inject beans: they
 * extend {@link ZoomMockReset}.)
 */
public abstract class MockZoomSupport extends ZoomMockReset {

    @Inject
    protected CircuitBreakerMaintenance breakers;

    @BeforeEach
    @AfterEach
    void resetBreakers() {
        breakers.resetAll();
    }
}
