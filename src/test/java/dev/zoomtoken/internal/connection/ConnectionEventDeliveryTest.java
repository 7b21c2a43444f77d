package dev.zoomtoken.internal.connection;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import dev.zoomtoken.LogCapture;
import dev.zoomtoken.internal.metrics.ZoomMetrics;
import dev.zoomtoken.model.ConnectionEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;

/**
 * Connection events POSTed to the application's URL (a WireMock "app" on 127.0.0.1): signed exactly as Zoom signs its
 * webhooks (checked with {@link WebhookSignature}, the module's own verifier), tried again after failures with the
 * same event id and a fresh signature, and given up once the next attempt would fall after {@code events-retry-for}:
 * logged without the secret and counted.
 */
class ConnectionEventDeliveryTest {

    private static final String SECRET = "app-events-secret-Lw3p";
    private static AppEndpoint app;
    private static Vertx vertx;
    private SimpleMeterRegistry registry;
    private ConnectionEventDelivery delivery;

    @BeforeAll
    static void start() {
        app = AppEndpoint.start();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        app.close();
        vertx.close();
    }

    @BeforeEach
    void setUp() {
        app.reset();
        registry = new SimpleMeterRegistry();
        delivery = new ConnectionEventDelivery(Optional.of(URI.create(app.url())), Optional.of(SECRET),
                Duration.ofSeconds(3), vertx, new ZoomMetrics(registry), Clock.systemUTC());
    }

    private static ConnectionEvent event(String principal, ConnectionEvent.Type type, String status) {
        return new ConnectionEvent(type, Instant.parse("2026-12-07T10:00:00.123Z"), principal, "zu-" + principal,
                "acct-" + principal, status);
    }

    private double counted(String outcome) {
        return registry.counter("zoom.connection.event.deliveries", "outcome", outcome).count();
    }

    @Test
    void anEventIsSignedLikeZoomsWebhooksAndCarriesThePayload() throws Exception {
        assertTrue(delivery.deliver(event("ann@example.com", ConnectionEvent.Type.REAUTHORIZATION_REQUIRED,
                ConnectionEvent.REAUTHORIZATION_REQUIRED)).await().atMost(Duration.ofSeconds(10)));

        AppEndpoint.Delivery sent = app.next(any -> true, Duration.ofSeconds(1));
        assertEquals(204, sent.status());
        new WebhookSignature(SECRET, Clock.systemUTC()).verify(sent.signature(), sent.timestamp(), sent.body());
        JsonNode body = new ObjectMapper().readTree(sent.body());
        assertEquals("connection.reauthorization_required", body.get("event").asText());
        assertEquals(Instant.parse("2026-12-07T10:00:00.123Z").toEpochMilli(), body.get("event_ts").asLong());
        assertEquals(36, body.get("event_id").asText().length());
        JsonNode payload = body.get("payload");
        assertEquals("ann@example.com", payload.get("principal").asText());
        assertEquals("zu-ann@example.com", payload.get("zoom_user_id").asText());
        assertEquals("acct-ann@example.com", payload.get("zoom_account_id").asText());
        assertEquals("reauthorization_required", payload.get("status").asText());
        assertEquals(1.0, counted("delivered"));
        assertFalse(app.answeredAlready(any -> true), "one request for one event");
    }

    @Test
    void aFailedDeliveryIsTriedAgainWithTheSameEventAndAFreshSignatureUntilTheAppTakesIt() throws Exception {
        app.server().stubFor(post(urlPathEqualTo(AppEndpoint.PATH)).atPriority(1).inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(500))
                .willSetStateTo("second"));
        app.server().stubFor(post(urlPathEqualTo(AppEndpoint.PATH)).atPriority(1).inScenario("flaky")
                .whenScenarioStateIs("second").willReturn(aResponse().withStatus(503)).willSetStateTo("up"));

        // Waits of about 1 s and 2 s (with jitter) before the second and third attempts: a bound that lets them all.
        ConnectionEventDelivery patient = new ConnectionEventDelivery(Optional.of(URI.create(app.url())),
                Optional.of(SECRET), Duration.ofSeconds(10), vertx, new ZoomMetrics(registry), Clock.systemUTC());
        assertTrue(patient.deliver(event("ben@example.com", ConnectionEvent.Type.CONNECTED, ConnectionEvent.ACTIVE))
                .await().atMost(Duration.ofSeconds(20)));

        List<AppEndpoint.Delivery> attempts = new ArrayList<>();
        for (int status : new int[]{ 500, 503, 204 }) {
            AppEndpoint.Delivery attempt = app.next(any -> true, Duration.ofSeconds(1));
            assertEquals(status, attempt.status());
            new WebhookSignature(SECRET, Clock.systemUTC()).verify(attempt.signature(), attempt.timestamp(),
                    attempt.body());
            attempts.add(attempt);
        }
        assertEquals(attempts.get(0).text(), attempts.get(2).text(), "the same event, event_id included");
        assertEquals(1.0, counted("delivered"));
        assertEquals(0.0, counted("failed"));
    }

    @Test
    void anEventTheAppNeverTakesIsGivenUpAfterTheBoundLoggedWithoutTheSecretAndCounted() throws Exception {
        app.server().stubFor(post(urlPathEqualTo(AppEndpoint.PATH)).atPriority(1)
                .withRequestBody(containing("cat@example.com")).willReturn(aResponse().withStatus(500)));
        long started = System.nanoTime();
        String logs;
        try (LogCapture capture = LogCapture.start()) {
            assertFalse(delivery.deliver(event("cat@example.com", ConnectionEvent.Type.DISCONNECTED,
                    ConnectionEvent.DELETED)).await().atMost(Duration.ofSeconds(20)));
            logs = capture.text();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.compareTo(Duration.ofSeconds(3 + 1)) < 0, "no attempt after the 3 s bound: " + took);
        app.next(sent -> sent.status() == 500, Duration.ofSeconds(2));
        app.next(sent -> sent.status() == 500, Duration.ofSeconds(2));
        assertEquals(1.0, counted("failed"));
        assertEquals(0.0, counted("delivered"));
        String pseudonym = dev.zoomtoken.internal.crypto.Hashes.sha256HexPrefix("cat@example.com", 6);
        assertTrue(logs.lines().anyMatch(line -> line.startsWith("ERROR") && line.contains("given up")
                && line.contains("event=connection.disconnected") && line.contains("user=" + pseudonym)), logs);
        assertFalse(logs.contains(SECRET), logs);
        assertFalse(logs.contains("cat@example.com"), logs);
        assertFalse(delivery.toString().contains(SECRET));
    }

    @Test
    void anUnreachableAppIsGivenUpTooAndNothingIsThrownAtTheCaller() {
        ConnectionEventDelivery nowhere = new ConnectionEventDelivery(Optional.of(URI.create(
                "http://127.0.0.1:9/events")), Optional.of(SECRET), Duration.ofSeconds(2), vertx,
                new ZoomMetrics(registry), Clock.systemUTC());
        assertFalse(nowhere.deliver(event("dan@example.com", ConnectionEvent.Type.KEEP_ALIVE_FAILED,
                ConnectionEvent.ACTIVE)).await().atMost(Duration.ofSeconds(20)));
        assertEquals(1.0, counted("failed"));
    }
}
