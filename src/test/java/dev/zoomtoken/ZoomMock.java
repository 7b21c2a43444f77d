package dev.zoomtoken;

import java.util.HashMap;
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
    /** Init argument: the access token to configure; empty configures none. */
    public static final String ACCESS_TOKEN_ARG = "access-token";

    private WireMockServer server;
    private String accessToken = ACCESS_TOKEN;

    @Override
    public void init(Map<String, String> initArgs) {
        accessToken = initArgs.getOrDefault(ACCESS_TOKEN_ARG, ACCESS_TOKEN);
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        Map<String, String> config = new HashMap<>();
        config.put("zoom.api-url", "http://127.0.0.1:" + server.port() + "/v2");
        if (!accessToken.isEmpty()) {
            config.put("zoom.access-token", accessToken);
        }
        return config;
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
