package dev.zoomtoken.internal.broker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.zoomtoken.internal.ratelimit.Windows.assertAtMost;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.zoomtoken.Poll;
import dev.zoomtoken.internal.redis.EmbeddedRedis;

/**
 * The packaged broker as three processes on one real Redis and one WireMock Zoom, with
 * {@code zoom.shared-state=redis}, 20 calls/s and {@code replicas=3}: one token request for a cold start on all
 * three and 30 concurrent first calls all served (the backlog needs one window of waiting), a burst spread over them
 * within the budget, each serving within its share while Redis is stopped and back on
 * Redis when it returns, and a daily limit seen by one stopping the others. The tests run in this order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreeReplicasIT {

    private static final int LIMIT = 20;
    /** How late a call may reach the mock Zoom after its departure on this overloaded two-core machine. */
    private static final Duration ARRIVAL_JITTER = Duration.ofMillis(300);
    private static final String ACCOUNT = "replicas-account";
    private static final String CLIENT_SECRET = "replicas-client-secret-Vb5n";
    private static final String ACCESS_TOKEN = "replicas-access-token-Hs3k";
    private static final String ZAK = "replicas-zak-Lp0q";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static EmbeddedRedis redis;
    private static WireMockServer zoom;
    private static final List<Process> brokers = new ArrayList<>();
    private static final List<Integer> ports = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        redis = EmbeddedRedis.start();
        zoom = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().containerThreads(100));
        zoom.start();
        zoom.stubFor(post(urlPathEqualTo("/oauth/token")).willReturn(okJson("{\"access_token\":\"" + ACCESS_TOKEN
                + "\",\"token_type\":\"bearer\",\"expires_in\":3600}").withFixedDelay(300)));
        zoom.stubFor(get(urlPathMatching("/v2/users/[^/]+/token")).willReturn(okJson("{\"token\":\"" + ZAK + "\"}")));
        Path logs = Files.createDirectories(Path.of("target", "three-replicas"));
        for (int i = 0; i < 3; i++) {
            int port = PackagedBroker.freePort();
            ports.add(port);
            brokers.add(PackagedBroker.start(port, logs.resolve("broker-" + i + ".log"), List.of(
                    "-Dzoom.api-url=" + zoom.baseUrl() + "/v2", "-Dzoom.oauth-url=" + zoom.baseUrl() + "/oauth/token",
                    "-Dzoom.account-id=" + ACCOUNT, "-Dzoom.client-id=replicas-client",
                    "-Dzoom.client-secret=" + CLIENT_SECRET,
                    "-Dzoom.shared-state=redis", "-Dquarkus.redis.hosts=" + redis.uri(),
                    "-Dzoom.rate-limit.requests-per-second=" + LIMIT, "-Dzoom.rate-limit.replicas=3",
                    "-Dzoom.rate-limit.max-wait=2S",
                    // Three JVMs, Redis, WireMock and a 90-call burst on two cores: at the default 100 ms, replies
                    // that wait behind a saturated event loop are late twice now and then, and that replica paces
                    // alone for a moment beside the others (26 departures in 1.1 s seen once). See the README.
                    "-Dzoom.redis-timeout=500ms")));
        }
        for (int port : ports) {
            awaitReady(port, "redis");
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        PackagedBroker.stopAll(brokers);
        if (zoom != null) {
            zoom.stop();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    @Order(1)
    void aColdStartOnAllThreeMakesOneTokenRequest() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            calls.add(tokenOf("cold" + i + "@example.com", ports.get(i % 3)));
        }
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            assertEquals(200, call.get(30, TimeUnit.SECONDS).statusCode());
        }
        zoom.verify(1, postRequestedFor(urlPathEqualTo("/oauth/token")));
    }

    @Test
    @Order(2)
    void aBurstSpreadOverTheThreeStaysWithinTheSharedBudget() throws Exception {
        zoom.resetRequests();
        List<Integer> statuses = burst("burst", 90);
        assertTrue(statuses.stream().allMatch(status -> status == 200 || status == 429), String.valueOf(statuses));
        long served = statuses.stream().filter(status -> status == 200).count();
        assertEquals(served, zoomCalls().size());
        assertTrue(served >= LIMIT, "served " + served);
        List<Instant> booked = bookedDepartures();
        // Older slots are pruned as later ones are booked.
        assertTrue(booked.size() >= LIMIT, "booked " + booked.size());
        assertAtMost(LIMIT, booked, Duration.ofMillis(1100));
        // Arrivals: three JVMs on two cores send some calls late (cold connections, CPU), so they may bunch with the
        // next window's; the bound at Zoom holds with that lateness allowed.
        assertAtMost(LIMIT, zoomCalls(), Duration.ofSeconds(1).minus(ARRIVAL_JITTER));
    }

    /** The departures the three booked in Redis, on Redis's clock: what the module guarantees, without network. */
    private static List<Instant> bookedDepartures() {
        List<?> flat = (List<?>) redis.command("ZRANGE", "zoom-user-token:{" + ACCOUNT + "}:budget", "0", "-1",
                "WITHSCORES");
        List<Instant> departures = new ArrayList<>();
        for (int i = 1; i < flat.size(); i += 2) {
            departures.add(Instant.EPOCH.plus((long) Double.parseDouble((String) flat.get(i)), ChronoUnit.MICROS));
        }
        return departures;
    }

    @Test
    @Order(3)
    void withRedisStoppedEachServesWithinItsShareAndReturnsToRedisWhenItIsBack() throws Exception {
        redis.stop();
        try {
            // Past the slots the previous test booked: three packaged brokers run on their system clocks, and Redis,
            // stopped now, can no longer be asked when the last one ends.
            Thread.sleep(1500);
            zoom.resetRequests();
            List<Integer> statuses = burst("fallback", 60);
            assertTrue(statuses.stream().allMatch(status -> status == 200 || status == 429), String.valueOf(statuses));
            assertTrue(statuses.contains(200));
            assertAtMost(3 * (LIMIT / 3), zoomCalls(), Duration.ofSeconds(1).minus(ARRIVAL_JITTER));
            for (int port : ports) {
                assertTrue(readiness(port).contains("local-fallback"), readiness(port));
            }
        } finally {
            redis.restart();
        }
        for (int i = 0; i < 3; i++) {
            int port = ports.get(i);
            String user = "again" + i + "@example.com";
            Poll.until(() -> "back on Redis: " + readiness(port), Duration.ofSeconds(15), Duration.ofMillis(200),
                    () -> {
                        if (readiness(port).contains("\"redis\"")) {
                            return true;
                        }
                        tokenOf(user, port).get(30, TimeUnit.SECONDS);
                        return false;
                    });
        }
    }

    @Test
    @Order(4)
    void aDailyLimitSeenByOneStopsTheOthersWithoutCallingZoom() throws Exception {
        Instant reset = Instant.now().plus(5, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        zoom.stubFor(get(urlPathEqualTo("/v2/users/daily@example.com/token")).willReturn(aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json").withHeader("X-RateLimit-Type", "Daily-limit")
                .withHeader("Retry-After", reset.toString())
                .withBody("{\"code\":429,\"message\":\"You have reached the maximum daily rate limit\"}")));
        // Past the slots the previous test booked on the brokers' system clocks (packaged processes: no clock to move).
        Thread.sleep(1200);
        assertEquals(429, tokenOf("daily@example.com", ports.get(0)).get(30, TimeUnit.SECONDS).statusCode());
        // The replica writes what it learned to Redis after answering.
        Poll.until(() -> "the daily limit reaches Redis", Duration.ofSeconds(5), Duration.ofMillis(20),
                () -> redis.command("HGET", "zoom-user-token:{" + ACCOUNT + "}:limits", "daily_until") != null);
        zoom.resetRequests();

        for (int i = 1; i < 3; i++) {
            HttpResponse<String> refused = tokenOf("other" + i + "@example.com", ports.get(i)).get(30,
                    TimeUnit.SECONDS);
            assertEquals(429, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("daily"), refused.body());
            long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElse("0"));
            assertTrue(retryAfter > 4 * 3600, "Retry-After points at the daily reset: " + retryAfter);
        }
        assertEquals(0, zoomCalls().size());
    }

    private static List<Integer> burst(String prefix, int count) throws Exception {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            calls.add(tokenOf(prefix + i + "@example.com", ports.get(i % 3)));
        }
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            statuses.add(call.get(30, TimeUnit.SECONDS).statusCode());
        }
        return statuses;
    }

    private static CompletableFuture<HttpResponse<String>> tokenOf(String user, int port) {
        return HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/users/" + user
                + "/token")).header("Authorization", "Bearer " + CallerKeys.forUpn(user))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<Instant> zoomCalls() {
        return zoom.findAll(getRequestedFor(urlPathMatching("/v2/users/[^/]+/token"))).stream()
                .map(request -> request.getLoggedDate().toInstant()).toList();
    }

    private static String readiness(int port) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "unreachable: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static void awaitReady(int port, String store) {
        Poll.until(() -> "broker on " + port + " ready: " + readiness(port), Duration.ofSeconds(60),
                Duration.ofMillis(200), () -> readiness(port).contains("\"" + store + "\""));
    }
}
