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
    /** Init argument: "true" configures Server-to-Server OAuth against the mock's {@link #OAUTH_PATH} instead. */
    public static final String SERVER_TO_SERVER_ARG = "server-to-server";
    public static final String OAUTH_PATH = "/oauth/token";
    public static final String ACCOUNT_ID = "test-account-Aq1";
    public static final String CLIENT_ID = "test-client-Zx9";
    /** The client secret the module is configured with; it must never show up in logs or messages. */
    public static final String CLIENT_SECRET = "test-client-secret-Kp7sW2vQ";

    private WireMockServer server;
    private String accessToken = ACCESS_TOKEN;
    private boolean serverToServer;

    @Override
    public void init(Map<String, String> initArgs) {
        serverToServer = Boolean.parseBoolean(initArgs.get(SERVER_TO_SERVER_ARG));
        accessToken = serverToServer ? "" : initArgs.getOrDefault(ACCESS_TOKEN_ARG, ACCESS_TOKEN);
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort().containerThreads(80)
                        .extensions(new PkceVerifier()));
        server.start();
        Map<String, String> config = new HashMap<>();
        config.put("zoom.api-url", "http://127.0.0.1:" + server.port() + "/v2");
        if (!accessToken.isEmpty()) {
            config.put("zoom.access-token", accessToken);
        }
        if (serverToServer) {
            config.put("zoom.oauth-url", "http://127.0.0.1:" + server.port() + OAUTH_PATH);
            config.put("zoom.account-id", ACCOUNT_ID);
            config.put("zoom.client-id", CLIENT_ID);
            config.put("zoom.client-secret", CLIENT_SECRET);
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
