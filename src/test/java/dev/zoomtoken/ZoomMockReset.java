package dev.zoomtoken;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * The mock Zoom of a test class ({@link ZoomMock}), emptied of stubs and requests around every test. Injects no bean,
 * so classes that also run as {@code @QuarkusIntegrationTest} can extend it; {@link MockZoomSupport} adds what needs
 * the application's beans.
 */
public abstract class ZoomMockReset {

    @InjectZoomMock
    protected WireMockServer zoom;

    @BeforeEach
    @AfterEach
    void resetZoom() {
        zoom.resetAll();
    }
}
