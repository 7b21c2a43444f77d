package dev.zoomtoken.internal.broker;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The dev-mode mock Zoom (the mapping files under {@code src/dev/zoom-mock}) on 127.0.0.1, with the module in
 * Server-to-Server mode against it, as {@code ./mvnw quarkus:dev} runs it.
 */
public class DevZoomMock implements QuarkusTestResourceLifecycleManager {

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort()
                .usingFilesUnderDirectory("src/dev/zoom-mock"));
        server.start();
        String base = "http://127.0.0.1:" + server.port();
        return Map.of("zoom.api-url", base + "/v2",
                "zoom.oauth-url", base + "/oauth/token",
                "zoom.account-id", "dev-account",
                "zoom.client-id", "dev-client",
                "zoom.client-secret", "dev-client-secret");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
