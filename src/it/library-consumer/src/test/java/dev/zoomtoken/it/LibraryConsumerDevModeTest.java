package dev.zoomtoken.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

/**
 * Starts this project with {@code mvn quarkus:dev}, as a library user would, and checks that it comes up, that its own
 * endpoint answers with a token from (WireMock) Zoom, and that none of the broker's routes, the dev-only
 * {@code /dev/caller-token} among them, is part of it.
 */
class LibraryConsumerDevModeTest {

    private static final Duration START_LIMIT = Duration.ofSeconds(180);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private WireMockServer zoom;
    private Process devMode;
    private Path log;

    @BeforeEach
    void startZoom() {
        zoom = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        zoom.start();
        zoom.stubFor(WireMock.get(WireMock.urlPathEqualTo("/v2/users/host@example.com/token"))
                .withQueryParam("type", WireMock.equalTo("zak"))
                .withHeader("Authorization", WireMock.equalTo("Bearer dev-consumer-access-token"))
                .willReturn(WireMock.okJson("{\"token\":\"zak-in-dev-mode\"}")));
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        if (devMode != null) {
            devMode.descendants().forEach(ProcessHandle::destroy);
            devMode.destroy();
            if (!devMode.waitFor(30, TimeUnit.SECONDS)) {
                devMode.descendants().forEach(ProcessHandle::destroyForcibly);
                devMode.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        zoom.stop();
    }

    @Test
    void devModeStartsWithItsOwnEndpointAndWithoutBrokerRoutes() throws Exception {
        int port = freePort();
        String base = "http://127.0.0.1:" + port;
        log = Path.of("target", "dev-mode.log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(List.of(maven(), "-B", "--no-transfer-progress", "quarkus:dev",
                "-Ddebug=false"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_CONSOLE_ENABLED", "false");
        env.put("QUARKUS_ANALYTICS_DISABLED", "true");
        env.put("ZOOM_API_URL", "http://127.0.0.1:" + zoom.port() + "/v2");
        env.put("ZOOM_ACCESS_TOKEN", "dev-consumer-access-token");
        devMode = builder.start();

        HttpResponse<String> startUrl = awaitFirstAnswer(
                URI.create(base + "/meetings/81234567890/start-url?host=host@example.com"));
        assertEquals(200, startUrl.statusCode(), startUrl.body());
        assertEquals("https://zoom.us/s/81234567890?zak=zak-in-dev-mode", startUrl.body());
        assertEquals(404, get(URI.create(base + "/dev/caller-token?user=alice")).statusCode());
        assertEquals(404, get(URI.create(base + "/api/v1/users/host@example.com/token")).statusCode());
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(output.contains("Profile dev activated"), "not in dev mode:\n" + tail(output));
    }

    private HttpResponse<String> awaitFirstAnswer(URI uri) throws IOException, InterruptedException {
        Instant limit = Instant.now().plus(START_LIMIT);
        while (Instant.now().isBefore(limit)) {
            if (!devMode.isAlive()) {
                fail("quarkus:dev exited with " + devMode.exitValue() + ":\n"
                        + tail(Files.readString(log, StandardCharsets.UTF_8)));
            }
            try {
                return get(uri);
            } catch (ConnectException notYet) {
                Thread.sleep(500);
            }
        }
        return fail("quarkus:dev did not answer within " + START_LIMIT + ":\n"
                + tail(Files.readString(log, StandardCharsets.UTF_8)));
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String maven() {
        String home = System.getProperty("maven.home");
        if (home == null || home.isBlank()) {
            throw new IllegalStateException("maven.home is not set; run this test through Maven");
        }
        return Path.of(home, "bin", "mvn").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String tail(String output) {
        return output.length() <= 6000 ? output : output.substring(output.length() - 6000);
    }
}
