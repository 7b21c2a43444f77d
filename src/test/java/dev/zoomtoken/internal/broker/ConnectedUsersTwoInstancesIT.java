package dev.zoomtoken.internal.broker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import dev.zoomtoken.PkceVerifier;
import dev.zoomtoken.Poll;
import dev.zoomtoken.internal.connection.ConnectionRows;
import dev.zoomtoken.internal.connection.ConnectionStore;
import dev.zoomtoken.internal.connection.EmbeddedPostgres;
import dev.zoomtoken.internal.connection.NewConnection;
import dev.zoomtoken.internal.crypto.KeyRing;

/**
 * The packaged broker as two processes on one real PostgreSQL and one WireMock Zoom (which enforces PKCE, single-use
 * codes and refresh-token rotation): an authorization started on one completes on the other, and 50 concurrent token
 * requests spread over both, with the connection's access token about to expire, make one refresh at Zoom, all
 * succeed, and the stored refresh token is the newest. Both start at once, so both run the schema migration at once.
 * With {@code zoom.user-oauth.return-url} set, the callback sends the browser there (303) with the confirmation code,
 * which the application confirms on the other broker.
 */
class ConnectedUsersTwoInstancesIT {

    private static final String KEY = "dHdvLWluc3RhbmNlcy1zaGFyZS1vbmUtZGF0YWJhcyE=";
    private static final String CLIENT_SECRET = "two-instances-secret-Rk2";
    private static final String PRINCIPAL = "frank@example.com";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private static EmbeddedPostgres postgres;
    private static WireMockServer zoom;
    private static final List<Process> brokers = new ArrayList<>();
    private static final List<Integer> ports = new ArrayList<>();
    private static Path logs;
    /** Seconds-long keep-alive values, as environment variables: both replicas look every second. */
    private static final Map<String, String> KEEP_ALIVE = Map.of("ZOOM_USER_OAUTH_KEEP_ALIVE", "30S",
            "ZOOM_USER_OAUTH_KEEP_ALIVE_INTERVAL", "1S");
    /** The bodies of refresh requests Zoom answered, in order. */
    private static final BlockingQueue<String> refreshes = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.start();
        zoom = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().containerThreads(100)
                .extensions(new PkceVerifier(), new ServeEventListener() {
                    @Override
                    public String getName() {
                        return "refreshes-answered";
                    }

                    @Override
                    public void afterComplete(ServeEvent event, Parameters parameters) {
                        if (event.getRequest().getBodyAsString().contains("grant_type=refresh_token")) {
                            refreshes.add(event.getRequest().getBodyAsString());
                        }
                    }
                }));
        zoom.start();
        logs = Files.createDirectories(Path.of("target", "connected-two-instances"));
        for (int i = 0; i < 2; i++) {
            int port = PackagedBroker.freePort();
            ports.add(port);
            brokers.add(PackagedBroker.start(port, logs.resolve("broker-" + i + ".log"), brokerSettings(i),
                    KEEP_ALIVE));
        }
        for (int port : ports) {
            awaitLive(port);
        }
    }

    /** Both brokers' settings; {@code i} only changes the return URL. */
    private static List<String> brokerSettings(int i) {
        return List.of(
                "-Dzoom.api-url=" + zoom.baseUrl() + "/v2", "-Dzoom.oauth-url=" + zoom.baseUrl() + "/oauth/token",
                "-Dzoom.access-token=account-token-unused",
                "-Dzoom.user-oauth.client-id=two-instances-client",
                "-Dzoom.user-oauth.client-secret=" + CLIENT_SECRET,
                "-Dzoom.user-oauth.redirect-uri=https://broker.test/oauth/zoom/callback",
                "-Dzoom.user-oauth.revoke-url=" + zoom.baseUrl() + "/oauth/revoke",
                "-Dzoom.user-oauth.encryption-key=" + KEY,
                "-Dzoom.user-oauth.return-url=https://app.test/settings/zoom?connected=" + i,
                "-Dquarkus.datasource.jdbc.url=" + postgres.jdbcUrl(), "-Dquarkus.datasource.username=postgres");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        PackagedBroker.stopAll(brokers);
        if (zoom != null) {
            zoom.stop();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void oneRefreshForFiftyRequestsOverTwoInstancesAndTheNewestRefreshTokenStored() throws Exception {
        HttpResponse<String> authorize = send(HttpRequest.newBuilder(broker(0, "/api/v1/connections/me/authorize"))
                .header("Authorization", "Bearer " + CallerKeys.forUpn(PRINCIPAL))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, authorize.statusCode(), authorize.body());
        String url = authorize.body().replaceAll(".*\"authorize_url\":\"([^\"]+)\".*", "$1");
        Map<String, String> query = query(URI.create(url));

        zoom.stubFor(post(urlPathEqualTo("/oauth/token"))
                .andMatching(PkceVerifier.NAME, Parameters.one("challenge", query.get("code_challenge")))
                .inScenario("code").whenScenarioStateIs(Scenario.STARTED)
                .withRequestBody(containing("code=code-frank&"))
                .willReturn(okJson(tokens("access-first", "refresh-first", 30))).willSetStateTo("used"));
        zoom.stubFor(get(urlPathEqualTo("/v2/users/me")).willReturn(okJson(
                "{\"id\":\"zu-frank\",\"account_id\":\"acct-frank\"}")));
        // The authorization was started on broker 0; the browser comes back to broker 1.
        HttpResponse<String> callback = send(
                HttpRequest.newBuilder(broker(1, "/oauth/zoom/callback?code=code-frank&state="
                        + java.net.URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8))));
        assertEquals(303, callback.statusCode(), callback.body());
        String location = callback.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith("https://app.test/settings/zoom?connected=1&zoom_confirmation="), location);
        // The application, where the user is signed in, confirms on broker 0.
        HttpResponse<String> confirmed = send(HttpRequest.newBuilder(broker(0, "/api/v1/connections/me/confirm"))
                .header("Authorization", "Bearer " + CallerKeys.forUpn(PRINCIPAL))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"confirmation\":\"" + query(URI.create(location)).get("zoom_confirmation") + "\"}")));
        assertEquals(200, confirmed.statusCode(), confirmed.body());
        ConnectionRows.expireAccessToken(postgres.dataSource(), PRINCIPAL);

        zoom.stubFor(post(urlPathEqualTo("/oauth/token")).inScenario("rotation").whenScenarioStateIs(Scenario.STARTED)
                .withRequestBody(containing("refresh_token=refresh-first"))
                .willReturn(okJson(tokens("access-second", "refresh-second", 3600)).withFixedDelay(500))
                .willSetStateTo("rotated"));
        zoom.stubFor(post(urlPathEqualTo("/oauth/token")).inScenario("rotation").whenScenarioStateIs("rotated")
                .withRequestBody(containing("refresh_token=refresh-first")).willReturn(aResponse().withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"reason\":\"Invalid Token!\",\"error\":\"invalid_grant\"}")));
        zoom.stubFor(get(urlPathEqualTo("/v2/users/me/token")).withHeader("Authorization",
                equalTo("Bearer access-second")).willReturn(okJson("{\"token\":\"zak-of-frank\"}")));

        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        String caller = CallerKeys.forUpn(PRINCIPAL);
        for (int i = 0; i < 50; i++) {
            calls.add(HTTP.sendAsync(HttpRequest.newBuilder(broker(i % 2, "/api/v1/connections/me/token"))
                    .header("Authorization", "Bearer " + caller).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> response = call.get(60, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode(), response.body());
            assertTrue(response.body().contains("zak-of-frank"), response.body());
        }
        // Counted by this connection's refresh token: the class's other test refreshes another one meanwhile.
        zoom.verify(1, postRequestedFor(urlPathEqualTo("/oauth/token")).withRequestBody(containing(
                "grant_type=refresh_token")).withRequestBody(containing("refresh_token=refresh-first")));
        ConnectionStore store = new ConnectionStore(postgres.dataSource(), KeyRing.of(KEY, List.of(), "key"));
        assertEquals("refresh-second", store.find(PRINCIPAL).orElseThrow().refreshToken());

        for (int i = 0; i < 2; i++) {
            String log = Files.readString(logs.resolve("broker-" + i + ".log"));
            for (String secret : List.of("access-first", "refresh-first", "access-second", "refresh-second",
                    "zak-of-frank", CLIENT_SECRET, KEY)) {
                assertFalse(log.contains(secret), "broker " + i + " logged '" + secret + "'");
            }
        }
    }

    /**
     * A connection idle for longer than ZOOM_USER_OAUTH_KEEP_ALIVE (30S) is refreshed by the keep-alive that both
     * replicas run every second (ZOOM_USER_OAUTH_KEEP_ALIVE_INTERVAL=1S), exactly once: one refresh at Zoom, its
     * refresh token never sent again, one replica logging it, and the new token used afterwards.
     */
    @Test
    void anIdleConnectionIsKeptAliveByExactlyOneOfTwoReplicas() throws Exception {
        String idle = "ida@example.com";
        refreshes.clear();
        zoom.stubFor(post(urlPathEqualTo("/oauth/token")).withRequestBody(containing("refresh_token=refresh-ida-1"))
                .willReturn(okJson(tokens("access-ida-2", "refresh-ida-2", 3600))));
        zoom.stubFor(get(urlPathEqualTo("/v2/users/me/token")).withHeader("Authorization",
                equalTo("Bearer access-ida-2")).willReturn(okJson("{\"token\":\"zak-of-ida\"}")));
        ConnectionStore store = new ConnectionStore(postgres.dataSource(), KeyRing.of(KEY, List.of(), "key"));
        store.save(new NewConnection(idle, "zu-ida", "acct-ida", "user:read:token", "refresh-ida-1", "access-ida-1",
                Instant.now().plusSeconds(3600)));
        ConnectionRows.makeIdle(postgres.dataSource(), idle, Duration.ofMinutes(2));

        String first = refreshes.poll(20, TimeUnit.SECONDS);
        assertTrue(first != null && first.contains("refresh_token=refresh-ida-1"), "no keep-alive refresh: " + first);
        // Both replicas look every second: a second refresh with the same token would come within a few looks.
        String again = refreshes.poll(4, TimeUnit.SECONDS);
        assertTrue(again == null || !again.contains("refresh-ida-1"), "refresh-ida-1 was sent twice");
        assertEquals("refresh-ida-2", store.find(idle).orElseThrow().refreshToken());
        zoom.verify(1, postRequestedFor(urlPathEqualTo("/oauth/token")).withRequestBody(containing(
                "refresh_token=refresh-ida-1")));

        String pseudonym = dev.zoomtoken.internal.crypto.Hashes.sha256HexPrefix(idle, 6);
        long logged = 0;
        List<Path> brokerLogs;
        try (java.util.stream.Stream<Path> files = Files.list(logs)) {
            brokerLogs = files.filter(file -> file.getFileName().toString().startsWith("broker-")).toList();
        }
        for (Path file : brokerLogs) {
            String log = Files.readString(file);
            logged += log.lines().filter(line -> line.contains("connection keep-alive outcome=refreshed user="
                    + pseudonym)).count();
            for (String secret : List.of(idle, "access-ida-1", "refresh-ida-1", "access-ida-2", "refresh-ida-2")) {
                assertFalse(log.contains(secret), file + " holds '" + secret + "'");
            }
        }
        assertEquals(1, logged, "one replica refreshed it and said so");
        HttpResponse<String> zak = send(HttpRequest.newBuilder(broker(1, "/api/v1/connections/me/token"))
                .header("Authorization", "Bearer " + CallerKeys.forUpn(idle)));
        assertEquals(200, zak.statusCode(), zak.body());
        assertTrue(zak.body().contains("zak-of-ida"), zak.body());
    }

    /**
     * A broker killed (SIGKILL) while its refresh is at Zoom: Zoom has rotated the refresh token, and the new one never
     * reached the row. Once the dead broker's claim runs out (30 s of the database's time; moved in the row here), the
     * other broker refreshes with the stored, now dead, token, and Zoom refuses it: the connection ends
     * reauthorization_required (409 to the caller, never a 500), never deleted, and its user has to connect again.
     * Callers in the 30 s before get 504 after waiting 10 s for the claim. This is what a process death mid-refresh
     * costs; nothing on this side can undo Zoom's rotation.
     */
    @Test
    void aBrokerKilledWhileItsRefreshIsAtZoomLeavesTheConnectionMarkedNotLostSilently() throws Exception {
        String principal = "kim@example.com";
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        zoom.addMockServiceRequestListener((request, response) -> {
            if (request.getBodyAsString().contains("refresh_token=refresh-kim-1")) {
                received.add(request.getBodyAsString());
            }
        });
        // Zoom rotates at once and answers late: the broker dies before the answer reaches it.
        zoom.stubFor(post(urlPathEqualTo("/oauth/token")).inScenario("kim").whenScenarioStateIs(Scenario.STARTED)
                .withRequestBody(containing("refresh_token=refresh-kim-1"))
                .willReturn(okJson(tokens("access-kim-2", "refresh-kim-2", 3600)).withFixedDelay(5000))
                .willSetStateTo("rotated"));
        zoom.stubFor(post(urlPathEqualTo("/oauth/token")).inScenario("kim").whenScenarioStateIs("rotated")
                .withRequestBody(containing("refresh_token=refresh-kim-1")).willReturn(aResponse().withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"reason\":\"Invalid Token!\",\"error\":\"invalid_grant\"}")));
        ConnectionStore store = new ConnectionStore(postgres.dataSource(), KeyRing.of(KEY, List.of(), "key"));
        store.save(new NewConnection(principal, "zu-kim", "acct-kim", "user:read:token", "refresh-kim-1",
                "access-kim-1", Instant.now().minusSeconds(1)));
        String caller = CallerKeys.forUpn(principal);

        CompletableFuture<HttpResponse<String>> dying = HTTP.sendAsync(HttpRequest.newBuilder(
                broker(0, "/api/v1/connections/me/token")).header("Authorization", "Bearer " + caller)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        try {
            assertTrue(received.poll(20, TimeUnit.SECONDS) != null, "broker 0 never sent its refresh");
            brokers.get(0).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertThrows(java.util.concurrent.ExecutionException.class, () -> dying.get(10, TimeUnit.SECONDS));

            assertTrue(ConnectionRows.refreshOwner(postgres.dataSource(), principal) != null,
                    "the dead broker's claim holds");
            // What 30 s would do: the dead broker's claim runs out (by the database's clock).
            ConnectionRows.expireRefreshClaim(postgres.dataSource(), principal);
            HttpResponse<String> answer = send(HttpRequest.newBuilder(broker(1, "/api/v1/connections/me/token"))
                    .header("Authorization", "Bearer " + caller));
            assertEquals(409, answer.statusCode(), answer.body());
            assertTrue(answer.body().contains("reauthorization-required"), answer.body());
            assertEquals("reauthorization_required", store.find(principal).orElseThrow().status().value());
            assertEquals("refresh-kim-1", store.find(principal).orElseThrow().refreshToken(),
                    "the rotated token never reached the row");
            zoom.verify(2, postRequestedFor(urlPathEqualTo("/oauth/token")).withRequestBody(containing(
                    "refresh_token=refresh-kim-1")));
        } finally {
            brokers.set(0, PackagedBroker.start(ports.get(0), logs.resolve("broker-0-restarted.log"),
                    brokerSettings(0), KEEP_ALIVE));
            awaitLive(ports.get(0));
        }
    }

    private static String tokens(String access, String refresh, int expiresIn) {
        return "{\"access_token\":\"" + access + "\",\"token_type\":\"bearer\",\"refresh_token\":\"" + refresh
                + "\",\"expires_in\":" + expiresIn + ",\"scope\":\"user:read:token\"}";
    }

    private static URI broker(int index, String path) {
        return URI.create("http://127.0.0.1:" + ports.get(index) + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> query(URI url) {
        Map<String, String> query = new HashMap<>();
        for (String pair : url.getRawQuery().split("&")) {
            String[] parts = pair.split("=", 2);
            query.put(parts[0], URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
        }
        return query;
    }

    private static void awaitLive(int port) throws InterruptedException {
        Poll.until(() -> "broker on " + port + " starts; see " + logs, Duration.ofSeconds(60), Duration.ofMillis(200),
                () -> {
                    try {
                        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                + "/q/health/live")).timeout(Duration.ofSeconds(5)).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    } catch (IOException notYet) {
                        return false; // starting
                    }
                });
    }
}
