package dev.zoomtoken.internal.tracing;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import dev.zoomtoken.ZoomMock;
import dev.zoomtoken.ZoomMockReset;
import dev.zoomtoken.ZoomUserTokens;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;

/**
 * With {@code zoom.tracing.propagate-to-zoom=true}, each attempt at Zoom carries its own span's {@code traceparent}
 * (off by default: {@code BrokerTracesTest} checks that none is sent).
 */
@QuarkusTest
@QuarkusTestResource(value = ZoomMock.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = TraceparentToZoomTest.TracingToZoom.class, restrictToAnnotatedClass = true)
class TraceparentToZoomTest extends ZoomMockReset {

    /** Tracing on, and trace context to Zoom. */
    public static class TracingToZoom implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            return Map.of("quarkus.otel.sdk.disabled", "false", "zoom.tracing.propagate-to-zoom", "true");
        }

        @Override
        public void stop() {
        }
    }

    @Inject
    RecordedSpans recorded;

    @Inject
    ZoomUserTokens tokens;

    @Test
    void eachAttemptSendsItsOwnTraceparent() throws Exception {
        recorded.clear();
        zoom.stubFor(get(urlPathMatching("/v2/users/[^/]+/token"))
                .willReturn(okJson("{\"token\":\"zak-propagated\"}")));

        assertEquals("zak-propagated", tokens.zak("propagate@example.com").value());

        List<SpanData> spans = recorded.await(s -> s.getName().equals(ZoomTracing.USER_TOKEN_SPAN), 1,
                Duration.ofSeconds(20));
        SpanData attempt = spans.stream().filter(s -> s.getName().equals(ZoomTracing.USER_TOKEN_ATTEMPT_SPAN))
                .findFirst().orElseThrow();
        List<ServeEvent> calls = zoom.getAllServeEvents();
        assertEquals(1, calls.size());
        assertEquals("00-" + attempt.getTraceId() + "-" + attempt.getSpanId() + "-01",
                calls.get(0).getRequest().getHeader(ZoomTracing.TRACEPARENT));
    }
}
