package dev.zoomtoken;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.http.Fault;

import dev.zoomtoken.internal.http.ZoomFaultTolerance;
import dev.zoomtoken.model.ZoomCircuitOpenException;
import dev.zoomtoken.model.ZoomRateLimitedException;
import dev.zoomtoken.model.ZoomServerException;
import dev.zoomtoken.model.ZoomTransportException;
import dev.zoomtoken.model.ZoomUserNotFoundException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

/** The breaker (test profile: opens at 50 % of 4 attempts, half-opens after 1 s) in front of Zoom. */
@QuarkusTest
@QuarkusTestResource(value = ZoomMock.class, restrictToAnnotatedClass = true)
class ZoomUserTokensCircuitBreakerTest extends MockZoomSupport {

    private static final String ALICE = "/v2/users/alice@example.com/token";

    @Inject
    ZoomUserTokens tokens;

    @Test
    void opensOnRepeatedFailuresFailsFastWhileOpenAndClosesAgain() throws InterruptedException {
        zoom.stubFor(get(urlPathEqualTo(ALICE)).willReturn(aResponse().withStatus(502)));

        assertThrows(ZoomServerException.class, () -> tokens.zak("alice@example.com"));
        assertEquals(CircuitBreakerState.OPEN, breakers.currentState(ZoomFaultTolerance.CIRCUIT_BREAKER));

        zoom.resetRequests();
        long started = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            assertThrows(ZoomCircuitOpenException.class, () -> tokens.zak("alice@example.com"));
        }
        assertTrue(System.nanoTime() - started < Duration.ofMillis(500).toNanos(), "open breaker did not fail fast");
        zoom.verify(0, anyRequestedFor(anyUrl()));

        zoom.stubFor(get(urlPathEqualTo(ALICE)).willReturn(okJson("{\"token\":\"zak-after-recovery\"}")));
        // The real-time smoke test of the breaker: SmallRye's breaker reads its own clock, which no test can move, and
        // announces no half-open state; so the configured delay (1 s) must pass.
        Thread.sleep(1200);

        assertEquals("zak-after-recovery", tokens.zak("alice@example.com").value());
        assertEquals(CircuitBreakerState.CLOSED, breakers.currentState(ZoomFaultTolerance.CIRCUIT_BREAKER));
        zoom.verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void transportFailuresOpenItToo() {
        zoom.stubFor(get(urlPathEqualTo(ALICE)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThrows(ZoomTransportException.class, () -> tokens.zak("alice@example.com"));

        assertEquals(CircuitBreakerState.OPEN, breakers.currentState(ZoomFaultTolerance.CIRCUIT_BREAKER));
    }

    @Test
    void clientErrorsNeverOpenIt() {
        zoom.stubFor(get(urlPathEqualTo(ALICE)).willReturn(aResponse().withStatus(404)
                .withBody("{\"code\":1001,\"message\":\"User does not exist: alice@example.com.\"}")));
        zoom.stubFor(get(urlPathEqualTo("/v2/users/limited@example.com/token")).willReturn(aResponse().withStatus(429)
                .withHeader("X-RateLimit-Type", "Daily-limit").withHeader("Retry-After", "2099-01-01T00:00:00Z")));

        for (int i = 0; i < 6; i++) {
            assertThrows(ZoomUserNotFoundException.class, () -> tokens.zak("alice@example.com"));
            assertThrows(ZoomRateLimitedException.class, () -> tokens.zak("limited@example.com"));
        }

        assertEquals(CircuitBreakerState.CLOSED, breakers.currentState(ZoomFaultTolerance.CIRCUIT_BREAKER));
        zoom.verify(12, anyRequestedFor(anyUrl()));
    }
}
