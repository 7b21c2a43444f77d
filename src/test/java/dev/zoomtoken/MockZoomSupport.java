package dev.zoomtoken;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * Shared setup of {@code @QuarkusTest} classes that talk to a mock Zoom: the mock itself, and a clean mock and closed
 * circuit breakers around every test. (Classes also run as {@code @QuarkusIntegrationTest} cannot inject beans and
 * reset only the mock.)
 */
public abstract class MockZoomSupport {

    @InjectZoomMock
    protected WireMockServer zoom;

    @Inject
    protected CircuitBreakerMaintenance breakers;

    @BeforeEach
    @AfterEach
    void resetZoomAndBreakers() {
        zoom.resetAll();
        breakers.resetAll();
    }
}
