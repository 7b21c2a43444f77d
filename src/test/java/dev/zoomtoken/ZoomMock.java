package dev.zoomtoken;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts WireMock as Zoom's API on 127.0.0.1 (a free port) in the test JVM, points the module at it and configures a
 * static access token. Tests get the server through {@link InjectZoomMock}.
 */
public class ZoomMock implements QuarkusTestResourceLifecycleManager {

    /** The access token the module is configured with; it must never show up in logs. */
    public static final String ACCESS_TOKEN = "test-access-token-5d1f0c8e9b7a";

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        return Map.of(
                "zoom.api-url", "http://127.0.0.1:" + server.port() + "/v2",
                "zoom.access-token", ACCESS_TOKEN);
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server,
                new TestInjector.AnnotatedAndMatchesType(InjectZoomMock.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
