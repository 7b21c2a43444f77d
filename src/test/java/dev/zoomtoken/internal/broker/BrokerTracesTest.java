package dev.zoomtoken.internal.broker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import dev.zoomtoken.ZoomMock;
import dev.zoomtoken.ZoomMockReset;
import dev.zoomtoken.internal.crypto.Hashes;
import dev.zoomtoken.internal.tracing.RecordedSpans;
import dev.zoomtoken.internal.tracing.ZoomTracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Traces of the broker with tracing on: one request whose first attempt at Zoom gets a 503 and is retried, and a
 * duplicate of it that shares its Zoom call. The span tree, names, kinds, attributes and links are what README "Traces"
 * describes, no header of trace context reaches Zoom, and nothing secret or personal is in any span.
 */
@QuarkusTest
@QuarkusTestResource(value = ZoomMock.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = ZoomMock.SERVER_TO_SERVER_ARG, value = "true"))
@QuarkusTestResource(value = CallerKeys.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = BrokerTracesTest.TracingOn.class, restrictToAnnotatedClass = true)
class BrokerTracesTest extends ZoomMockReset {

    /** Turns the SDK on, as {@code QUARKUS_OTEL_SDK_DISABLED=false} does in production. */
    public static class TracingOn implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            return Map.of("quarkus.otel.sdk.disabled", "false");
        }

        @Override
        public void stop() {
        }
    }

    private static final String PATH = "/api/v1/users/{userId}/token";
    private static final String EMAIL = "Trace.Person@Example.COM";
    private static final String ZOOM_USER_ID = "KdYKjnimT4KPd8KKdQt9FQ";
    private static final String ACCESS_TOKEN = "s2s-traces-access-Vq81";
    private static final String ZAK = "zak-traces-Hh3kPw0";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
    private static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");

    @Inject
    RecordedSpans recorded;

    @Test
    void oneRetriedRequestAndACoalescedDuplicate() throws Exception {
        recorded.clear();
        zoom.stubFor(post(urlPathEqualTo(ZoomMock.OAUTH_PATH)).willReturn(okJson("{\"access_token\":\""
                + ACCESS_TOKEN + "\",\"token_type\":\"bearer\",\"expires_in\":3600}")));
        // The 503 comes late, so that the duplicate, sent once the first attempt has started, finds the call in flight.
        zoom.stubFor(get(urlPathMatching("/v2/users/[^/]+@[^/]+/token")).inScenario("retry")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("up")
                .willReturn(aResponse().withStatus(503).withFixedDelay(1500).withHeader("x-zm-trackingid", "TRK-503")
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"code\":500,\"message\":\"Internal error for " + EMAIL + "\"}")));
        zoom.stubFor(get(urlPathMatching("/v2/users/[^/]+@[^/]+/token")).inScenario("retry")
                .whenScenarioStateIs("up")
                .willReturn(okJson("{\"token\":\"" + ZAK + "\"}").withFixedDelay(300)
                        .withHeader("x-zm-trackingid", "TRK-200")));
        zoom.stubFor(get(urlPathEqualTo("/v2/users/" + ZOOM_USER_ID + "/token"))
                .willReturn(okJson("{\"token\":\"" + ZAK + "\"}")));
        String jwt = CallerKeys.forUpn("bot@example.com", CallerPolicy.ADMIN_GROUP);

        TraceIdsOfRequestLines requestLines = new TraceIdsOfRequestLines();
        Logger.getLogger("").addHandler(requestLines);
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            Future<String> first = callers.submit(() -> token(jwt, EMAIL));
            recorded.awaitStart(ZoomTracing.USER_TOKEN_ATTEMPT_SPAN, WAIT);
            Future<String> duplicate = callers.submit(() -> token(jwt, EMAIL.toLowerCase(Locale.ROOT)));
            assertEquals(ZAK, first.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertEquals(ZAK, duplicate.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertEquals(ZAK, token(jwt, ZOOM_USER_ID));
        } finally {
            callers.shutdownNow();
            Logger.getLogger("").removeHandler(requestLines);
        }
        List<SpanData> spans = recorded.await(span -> span.getKind() == SpanKind.SERVER, 3, WAIT);

        String pseudonym = Hashes.sha256HexPrefix(EMAIL.toLowerCase(Locale.ROOT), 6);
        List<SpanData> calls = spans.stream().filter(span -> span.getName().equals(ZoomTracing.USER_TOKEN_SPAN)
                && pseudonym.equals(span.getAttributes().get(ZoomTracing.USER))).toList();
        assertEquals(2, calls.size(), () -> "two token calls for the email: " + spans);
        SpanData leader = only(calls.stream().filter(s -> !s.getAttributes().get(ZoomTracing.COALESCED)).toList());
        SpanData joiner = only(calls.stream().filter(s -> s.getAttributes().get(ZoomTracing.COALESCED)).toList());
        for (SpanData call : calls) {
            assertEquals(SpanKind.INTERNAL, call.getKind());
            assertEquals("zak", call.getAttributes().get(ZoomTracing.TOKEN_TYPE));
            assertEquals(ZoomTracing.SUCCESS, call.getAttributes().get(ZoomTracing.OUTCOME));
            assertNotNull(call.getAttributes().get(ZoomTracing.RATE_LIMIT_WAIT_MS));
            SpanData server = parentOf(call, spans);
            assertEquals(SpanKind.SERVER, server.getKind());
            assertEquals("GET " + TokenRequestTarget.USER_TOKEN_ROUTE, server.getName());
            assertEquals(TokenRequestTarget.USER_TOKEN_ROUTE, server.getAttributes().get(URL_PATH));
            assertEquals(TokenRequestTarget.USER_TOKEN_ROUTE, server.getAttributes().get(HTTP_ROUTE));
            assertFalse(server.getParentSpanContext().isValid(), "a broker request starts its trace");
        }
        assertNotEquals(leader.getTraceId(), joiner.getTraceId(), "two requests, two traces");
        assertTrue(linksTo(joiner, leader), "the duplicate links to the call it shared");
        assertTrue(requestLines.traceIds().containsAll(List.of(leader.getTraceId(), joiner.getTraceId())),
                () -> "request log lines name their traces: " + requestLines.traceIds());

        List<SpanData> attempts = childrenOf(leader, spans).stream()
                .filter(s -> s.getName().equals(ZoomTracing.USER_TOKEN_ATTEMPT_SPAN))
                .sorted(Comparator.comparing(s -> s.getAttributes().get(ZoomTracing.ATTEMPT))).toList();
        assertEquals(2, attempts.size(), () -> "a retried call has two attempts: " + spans);
        for (SpanData attempt : attempts) {
            assertEquals(SpanKind.CLIENT, attempt.getKind());
            assertEquals("GET", attempt.getAttributes().get(ZoomTracing.HTTP_METHOD));
            assertEquals("/users/{userId}/token", attempt.getAttributes().get(ZoomTracing.URL_TEMPLATE));
            assertNotNull(attempt.getAttributes().get(ZoomTracing.RETRY_BACKOFF_MS));
        }
        SpanData failed = attempts.get(0);
        assertEquals(1L, failed.getAttributes().get(ZoomTracing.ATTEMPT));
        assertEquals(503L, failed.getAttributes().get(ZoomTracing.HTTP_STATUS));
        assertEquals("server_error", failed.getAttributes().get(ZoomTracing.ERROR_TYPE));
        assertEquals("TRK-503", failed.getAttributes().get(ZoomTracing.TRACKING_ID));
        assertEquals(StatusCode.ERROR, failed.getStatus().getStatusCode());
        assertEquals(0L, failed.getAttributes().get(ZoomTracing.RETRY_BACKOFF_MS));
        SpanData answered = attempts.get(1);
        assertEquals(2L, answered.getAttributes().get(ZoomTracing.ATTEMPT));
        assertEquals(200L, answered.getAttributes().get(ZoomTracing.HTTP_STATUS));
        assertEquals("TRK-200", answered.getAttributes().get(ZoomTracing.TRACKING_ID));
        assertNull(answered.getAttributes().get(ZoomTracing.ERROR_TYPE));
        assertTrue(childrenOf(joiner, spans).isEmpty(), "the duplicate made no call of its own");

        SpanData fetch = only(spans.stream().filter(s -> s.getName().equals(ZoomTracing.ACCESS_TOKEN_FETCH_SPAN))
                .toList());
        assertEquals(leader.getSpanId(), fetch.getParentSpanId(), "the first call started the access-token fetch");
        assertEquals("account_credentials", fetch.getAttributes().get(ZoomTracing.OAUTH_GRANT));
        assertTrue(linksTo(leader, fetch), "the call that waited for the access token links to its fetch");

        SpanData byId = only(spans.stream().filter(s -> s.getName().equals(ZoomTracing.USER_TOKEN_SPAN)
                && Hashes.sha256HexPrefix(ZOOM_USER_ID, 6).equals(s.getAttributes().get(ZoomTracing.USER))).toList());
        assertTrue(byId.getLinks().isEmpty(), "a cached access token: no fetch to link to");

        assertNoSecretOrPersonalData(spans, jwt);
        for (ServeEvent event : zoom.getAllServeEvents()) {
            for (String header : List.of("traceparent", "tracestate", "baggage")) {
                assertFalse(event.getRequest().containsHeader(header),
                        () -> header + " sent to Zoom: " + event.getRequest().getUrl());
            }
        }
    }

    /** The {@code traceId} in the MDC of each broker request log line. */
    private static final class TraceIdsOfRequestLines extends Handler {

        private final List<String> traceIds = new CopyOnWriteArrayList<>();

        @Override
        public void publish(LogRecord record) {
            if (BrokerRequestLog.CATEGORY.equals(record.getLoggerName()) && record instanceof ExtLogRecord ext) {
                traceIds.add(ext.getMdc("traceId"));
            }
        }

        List<String> traceIds() {
            return traceIds;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    private static String token(String jwt, String user) {
        return given().header("Authorization", "Bearer " + jwt).get(PATH, user).then().statusCode(200)
                .extract().path("token");
    }

    private static void assertNoSecretOrPersonalData(List<SpanData> spans, String jwt) {
        List<String> forbidden = List.of(EMAIL.toLowerCase(Locale.ROOT), ZOOM_USER_ID.toLowerCase(Locale.ROOT),
                ACCESS_TOKEN.toLowerCase(Locale.ROOT), ZAK.toLowerCase(Locale.ROOT),
                ZoomMock.CLIENT_SECRET.toLowerCase(Locale.ROOT), jwt.toLowerCase(Locale.ROOT),
                jwt.substring(jwt.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT),
                Base64.getEncoder().encodeToString((ZoomMock.CLIENT_ID + ":" + ZoomMock.CLIENT_SECRET)
                        .getBytes(StandardCharsets.UTF_8)).toLowerCase(Locale.ROOT),
                "example.com", "trace.person", "internal error for");
        for (SpanData span : spans) {
            List<String> texts = new ArrayList<>();
            texts.add(span.getName());
            texts.add(span.getStatus().getDescription());
            span.getAttributes().forEach((key, value) -> texts.add(key.getKey() + "=" + value));
            for (EventData event : span.getEvents()) {
                texts.add(event.getName());
                event.getAttributes().forEach((key, value) -> texts.add(key.getKey() + "=" + value));
            }
            for (LinkData link : span.getLinks()) {
                link.getAttributes().forEach((key, value) -> texts.add(key.getKey() + "=" + value));
            }
            for (String text : texts) {
                String folded = text.toLowerCase(Locale.ROOT);
                for (String value : forbidden) {
                    assertFalse(folded.contains(value), () -> "span " + span.getName() + " carries " + text);
                }
            }
        }
    }

    private static SpanData only(List<SpanData> spans) {
        assertEquals(1, spans.size(), () -> "exactly one span expected: " + spans);
        return spans.get(0);
    }

    private static SpanData parentOf(SpanData span, List<SpanData> spans) {
        return only(spans.stream().filter(s -> s.getTraceId().equals(span.getTraceId())
                && s.getSpanId().equals(span.getParentSpanId())).toList());
    }

    private static List<SpanData> childrenOf(SpanData span, List<SpanData> spans) {
        return spans.stream().filter(s -> s.getTraceId().equals(span.getTraceId())
                && span.getSpanId().equals(s.getParentSpanId())).toList();
    }

    private static boolean linksTo(SpanData from, SpanData to) {
        return from.getLinks().stream().anyMatch(link -> link.getSpanContext().getTraceId().equals(to.getTraceId())
                && link.getSpanContext().getSpanId().equals(to.getSpanId()));
    }
}
