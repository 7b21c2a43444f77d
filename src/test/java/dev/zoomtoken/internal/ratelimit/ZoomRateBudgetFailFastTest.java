package dev.zoomtoken.internal.ratelimit;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.zoomtoken.MockZoomSupport;
import dev.zoomtoken.ZoomMock;
import dev.zoomtoken.ZoomUserTokens;
import dev.zoomtoken.model.UserTokenRequest;
import dev.zoomtoken.model.ZoomRateBudgetExceededException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;

/** With a short allowed wait, calls over the budget fail at once and never reach Zoom. */
@QuarkusTest
@TestProfile(ZoomRateBudgetFailFastTest.ShortWait.class)
@QuarkusTestResource(value = ZoomMock.class, restrictToAnnotatedClass = true)
class ZoomRateBudgetFailFastTest extends MockZoomSupport {

    /**
     * 50/s and at most 200 ms of waiting; attempt timeouts of 5 s, because 50 calls at once to a cold in-JVM mock can
     * take longer than the test profile's 1 s and would open the circuit breaker instead.
     */
    public static class ShortWait implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("zoom.rate-limit.enabled", "true",
                    "zoom.rate-limit.requests-per-second", "50",
                    "zoom.rate-limit.max-wait", "200ms",
                    "zoom.attempt-timeout", "5S");
        }
    }

    private static final Duration WINDOW = Duration.ofNanos(SlidingWindowSchedule.WINDOW_NANOS);

    @Inject
    ZoomUserTokens tokens;

    @Inject
    MeterRegistry registry;

    @Test
    void theExcessFailsFastWithoutExtraCalls() throws InterruptedException {
        zoom.stubFor(get(urlPathMatching("/v2/users/.+/token")).willReturn(okJson("{\"token\":\"zak\"}")));
        BudgetWarmUp.run(tokens, zoom, 5);
        double rejectionsBefore = registry.get("zoom.rate.limit.rejections").counter().count();
        double waitsBefore = registry.get("zoom.rate.limit.waits").counter().count();
        AtomicLong lastRefusal = new AtomicLong();
        List<Uni<Object>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            calls.add(tokens.getAsync(UserTokenRequest.zak("user" + i + "@example.com")).map(token -> (Object) token)
                    .onFailure(ZoomRateBudgetExceededException.class).invoke(() -> lastRefusal.set(System.nanoTime()))
                    .onFailure(ZoomRateBudgetExceededException.class).recoverWithItem(failure -> failure));
        }
        long started = System.nanoTime();

        List<Object> outcomes = Uni.join().all(calls).andFailFast().await().atMost(Duration.ofSeconds(20));

        assertEquals(0, registry.get("zoom.rate.limit.waits").counter().count() - waitsBefore,
                "no call waited for a slot: 50 went at once, 150 were refused");
        assertTrue(Duration.ofNanos(lastRefusal.get() - started).compareTo(WINDOW) < 0,
                "refusals took " + Duration.ofNanos(lastRefusal.get() - started).toMillis() + " ms, as long as a wait");
        long refused = outcomes.stream().filter(ZoomRateBudgetExceededException.class::isInstance).count();
        assertEquals(150, refused);
        assertEquals(150, registry.get("zoom.rate.limit.rejections").counter().count() - rejectionsBefore);
        zoom.verify(50, anyRequestedFor(anyUrl()));
        ZoomRateBudgetExceededException example = (ZoomRateBudgetExceededException) outcomes.stream()
                .filter(ZoomRateBudgetExceededException.class::isInstance).findFirst().orElseThrow();
        assertTrue(example.rateLimit().retryAt().isAfter(Instant.now()), "no time to retry at");
        assertTrue(example.getMessage().contains("zoom.rate-limit.requests-per-second"), example.getMessage());
    }
}
