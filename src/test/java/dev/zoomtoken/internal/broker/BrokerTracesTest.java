package dev.zoomtoken.internal.broker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
import dev.zoomtoken.internal.connection.ConnectionRows;
import dev.zoomtoken.internal.connection.EmbeddedPostgres;
import dev.zoomtoken.internal.connection.PostgresResource;
import dev.zoomtoken.internal.crypto.Hashes;
import dev.zoomtoken.internal.redis.RedisResource;
import dev.zoomtoken.internal.redis.RedisStore;
import dev.zoomtoken.internal.tracing.RecordedSpans;
import dev.zoomtoken.internal.tracing.ZoomTracing;
import dev.zoomtoken.model.ZoomUserIds;
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
 * Traces of the broker with tracing on, with the rate budget and the access token shared in a real Redis and connected
 * users in a real PostgreSQL: one request whose first attempt at Zoom gets a 503 and is retried, and a duplicate of it
 * that shares its Zoom call; two requests of a connected user whose access token has expired, which share one refresh.
 * The span tree, names, kinds, attributes and links are what README "Traces" describes, no header of trace context
 * reaches Zoom, and nothing secret or personal is in any span.
 */
@QuarkusTest
@QuarkusTestResource(value = ZoomMock.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = ZoomMock.SERVER_TO_SERVER_ARG, value = "true"))
@QuarkusTestResource(value = CallerKeys.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = RedisResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = BrokerTracesTest.TracingOn.class, restrictToAnnotatedClass = true)
class BrokerTracesTest extends ConnectedUsersSupport {

    /**
     * Turns the SDK on, as {@code QUARKUS_OTEL_SDK_DISABLED=false} does in production, and the rate budget, so that
     * each attempt reserves its slot in Redis.
     */
    public static class TracingOn implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            return Map.of("quarkus.otel.sdk.disabled", "false", "zoom.rate-limit.enabled", "true");
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

    private static final String RESERVE_SPAN = ZoomTracing.REDIS_SPAN_PREFIX + "rate-budget-reserve";
    private static final String FIND_CONNECTION_SPAN = ZoomTracing.POSTGRESQL_SPAN_PREFIX + "find-connection";
    private static final String CONNECTIONS_TABLE = "zoom_user_token_connection";
    private static final String PRINCIPAL = "Rita.Connected@example.com";
    private static final String ZOOM_USER = "zu-rita-Wq2";
    private static final String USER_ACCESS = "access-rita-Lm4";
    private static final String REFRESHED_ACCESS = "access-rita-refreshed-Pz8";
    private static final String REFRESHED_REFRESH = "refresh-rita-refreshed-Xc5";
    private static final String USER_ZAK = "zak-rita-Jt6";

    @Inject
    RecordedSpans recorded;

    @Inject
    RedisStore redisStore;

    EmbeddedPostgres postgres;

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
        assertTrue(childrenOf(joiner, spans).isEmpty(), "the duplicate made no call of its own, nor reservation");
        List<SpanData> reservations = childrenOf(leader, spans).stream()
                .filter(s -> s.getName().equals(RESERVE_SPAN)).toList();
        assertEquals(2, reservations.size(), () -> "each attempt reserved its slot in Redis: " + spans);
        for (SpanData reservation : reservations) {
            assertStoreCall(reservation, ZoomTracing.REDIS, "EVALSHA");
        }

        SpanData fetch = only(spans.stream().filter(s -> s.getName().equals(ZoomTracing.ACCESS_TOKEN_FETCH_SPAN))
                .toList());
        assertEquals(leader.getSpanId(), fetch.getParentSpanId(), "the first call started the access-token fetch");
        assertEquals("account_credentials", fetch.getAttributes().get(ZoomTracing.OAUTH_GRANT));
        assertTrue(linksTo(leader, fetch), "the call that waited for the access token links to its fetch");
        List<String> sharing = childrenOf(fetch, spans).stream().map(SpanData::getName).toList();
        assertTrue(sharing.containsAll(List.of(ZoomTracing.REDIS_SPAN_PREFIX + "s2s-token-get-or-lock",
                ZoomTracing.REDIS_SPAN_PREFIX + "SET", ZoomTracing.REDIS_SPAN_PREFIX + "delete-if-same")),
                () -> "the fetch looked for the shared token, shared its own and released the lock: " + sharing);
        assertStoreCall(only(childrenOf(fetch, spans).stream()
                .filter(s -> s.getName().equals(ZoomTracing.REDIS_SPAN_PREFIX + "SET")).toList()),
                ZoomTracing.REDIS, "SET");

        SpanData byId = only(spans.stream().filter(s -> s.getName().equals(ZoomTracing.USER_TOKEN_SPAN)
                && Hashes.sha256HexPrefix(ZOOM_USER_ID, 6).equals(s.getAttributes().get(ZoomTracing.USER))).toList());
        assertTrue(byId.getLinks().isEmpty(), "a cached access token: no fetch to link to");
        assertEquals(List.of(RESERVE_SPAN), childrenOf(byId, spans).stream().map(SpanData::getName)
                .filter(name -> !name.equals(ZoomTracing.USER_TOKEN_ATTEMPT_SPAN)).toList());

        String sharedToken = redisStore.execute("GET", redisStore.key(ZoomMock.ACCOUNT_ID, "s2s-token"))
                .await().atMost(WAIT).toString();
        assertFalse(sharedToken.contains(ACCESS_TOKEN), "the shared token is sealed in Redis");
        List<String> forbidden = new ArrayList<>(List.of(EMAIL, ZOOM_USER_ID, ACCESS_TOKEN, ZAK, jwt,
                "example.com", "trace.person", "internal error for", sharedToken, RedisResource.PASSWORD,
                RedisStore.KEY_PREFIX + ":"));
        forbidden.addAll(accountSecrets(jwt));
        assertNoneCarries(spans, forbidden);
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

    /**
     * A connected user's two token requests while their access token has expired: one refresh, a span of its own that
     * the first request's call started and both calls link to, with the PostgreSQL claim and write below it; the reads
     * of each call and the rate-budget reservations in Redis below the calls; nothing secret or personal in any span,
     * the connection's own steps (authorize, callback, confirm) included.
     */
    @Test
    void aConnectedUsersRefreshIsOneSpanAboveItsClaimAndWriteAndLinkedFromTheCallsItServed() throws Exception {
        recorded.clear();
        connectThroughTheBroker(PRINCIPAL, "code-rita-Hb3", USER_ACCESS, ZOOM_USER, 3600);
        ConnectionRows.expireAccessToken(postgres.dataSource(), PRINCIPAL);
        // Zoom answers the refresh late (within the tests' 2 s attempt timeout), so that the second request, sent once
        // the refresh has started, joins it.
        zoom.stubFor(post(urlPathEqualTo(ZoomMock.OAUTH_PATH)).withRequestBody(containing("grant_type=refresh_token"))
                .willReturn(okJson("{\"access_token\":\"" + REFRESHED_ACCESS + "\",\"token_type\":\"bearer\","
                        + "\"refresh_token\":\"" + REFRESHED_REFRESH + "\",\"expires_in\":3600,"
                        + "\"scope\":\"" + DEFAULT_SCOPES + "\"}").withFixedDelay(1500)));
        zoom.stubFor(get(urlPathEqualTo("/v2/users/me/token")).withHeader("Authorization",
                equalTo("Bearer " + REFRESHED_ACCESS)).willReturn(okJson("{\"token\":\"" + USER_ZAK + "\"}")));
        String jwt = CallerKeys.forUpn(PRINCIPAL);

        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            Future<String> first = callers.submit(() -> connectionToken(jwt));
            recorded.awaitStart(ZoomTracing.ACCESS_TOKEN_REFRESH_SPAN, WAIT);
            Future<String> second = callers.submit(() -> connectionToken(jwt));
            assertEquals(USER_ZAK, first.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertEquals(USER_ZAK, second.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        } finally {
            callers.shutdownNow();
        }
        List<SpanData> spans = recorded.await(span -> span.getKind() == SpanKind.SERVER
                && "/api/v1/connections/me/token".equals(span.getAttributes().get(HTTP_ROUTE)), 2, WAIT);

        List<SpanData> calls = spans.stream().filter(s -> s.getName().equals(ZoomTracing.USER_TOKEN_SPAN)).toList();
        assertEquals(2, calls.size(), () -> "two token calls: " + spans);
        assertNotEquals(calls.get(0).getTraceId(), calls.get(1).getTraceId(), "two requests, two traces");
        SpanData refresh = only(spans.stream().filter(s -> s.getName().equals(ZoomTracing.ACCESS_TOKEN_REFRESH_SPAN))
                .toList());
        assertEquals(SpanKind.INTERNAL, refresh.getKind());
        assertEquals("refresh_token", refresh.getAttributes().get(ZoomTracing.OAUTH_GRANT));
        assertEquals(StatusCode.UNSET, refresh.getStatus().getStatusCode());
        SpanData leader = parentOf(refresh, spans);
        assertEquals(ZoomTracing.USER_TOKEN_SPAN, leader.getName(), "the first call started the refresh");
        for (SpanData call : calls) {
            assertEquals(ZoomTracing.SUCCESS, call.getAttributes().get(ZoomTracing.OUTCOME));
            assertEquals(ZoomUserIds.ME, call.getAttributes().get(ZoomTracing.USER));
            assertTrue(linksTo(call, refresh), () -> "each call that waited for the refresh links to it: " + call);
            SpanData read = only(childrenOf(call, spans).stream()
                    .filter(s -> s.getName().equals(FIND_CONNECTION_SPAN)).toList());
            assertStoreCall(read, ZoomTracing.POSTGRESQL, "SELECT");
            assertEquals(CONNECTIONS_TABLE, read.getAttributes().get(ZoomTracing.DB_COLLECTION));
            assertStoreCall(only(childrenOf(call, spans).stream().filter(s -> s.getName().equals(RESERVE_SPAN))
                    .toList()), ZoomTracing.REDIS, "EVALSHA");
            SpanData server = parentOf(call, spans);
            assertEquals(SpanKind.SERVER, server.getKind());
            assertTrue(childrenOf(server, spans).stream().anyMatch(s -> s.getName().equals(FIND_CONNECTION_SPAN)),
                    "the broker's own look-up of the connection is in the request's trace");
        }

        List<SpanData> refreshWork = childrenOf(refresh, spans);
        assertEquals(List.of(FIND_CONNECTION_SPAN, ZoomTracing.POSTGRESQL_SPAN_PREFIX + "claim-refresh",
                ZoomTracing.POSTGRESQL_SPAN_PREFIX + "update-tokens"),
                refreshWork.stream()
                        .sorted(Comparator.comparingLong(SpanData::getStartEpochNanos)).map(SpanData::getName).toList(),
                () -> "the refresh read the row again, claimed it and wrote the new tokens: " + tree(spans));
        for (SpanData statement : refreshWork) {
            assertStoreCall(statement, ZoomTracing.POSTGRESQL,
                    statement.getName().endsWith("find-connection") ? "SELECT" : "UPDATE");
            assertEquals(CONNECTIONS_TABLE, statement.getAttributes().get(ZoomTracing.DB_COLLECTION));
        }

        List<String> forbidden = new ArrayList<>(List.of(PRINCIPAL, ZOOM_USER, USER_ACCESS, "r-" + USER_ACCESS,
                REFRESHED_ACCESS, REFRESHED_REFRESH, USER_ZAK, "code-rita-Hb3", jwt, "example.com",
                PostgresResource.CLIENT_SECRET, PostgresResource.ENCRYPTION_KEY, RedisResource.PASSWORD));
        forbidden.addAll(sealedTokensOf(PRINCIPAL));
        forbidden.addAll(accountSecrets(jwt));
        assertNoneCarries(spans, forbidden);
    }

    private static String tree(List<SpanData> spans) {
        StringBuilder out = new StringBuilder();
        for (SpanData s : spans) {
            out.append('\n').append(s.getTraceId(), 0, 6).append(' ').append(s.getSpanId(), 0, 6).append(" <- ")
                    .append(s.getParentSpanId(), 0, 6).append(' ').append(s.getName()).append(' ')
                    .append(s.getLinks().size());
        }
        return out.toString();
    }

    /** A CLIENT span of a store: its system and operation, and nothing of the statement or command's arguments. */
    private static void assertStoreCall(SpanData span, String system, String operation) {
        assertEquals(SpanKind.CLIENT, span.getKind(), span::getName);
        assertEquals(system, span.getAttributes().get(ZoomTracing.DB_SYSTEM), span::getName);
        assertEquals(operation, span.getAttributes().get(ZoomTracing.DB_OPERATION), span::getName);
        assertNull(span.getAttributes().get(AttributeKey.stringKey("db.query.text")), span::getName);
        assertNull(span.getAttributes().get(AttributeKey.stringKey("db.statement")), span::getName);
        assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode(), span::getName);
    }

    private static String connectionToken(String jwt) {
        return as(jwt).get("/api/v1/connections/me/token").then().statusCode(200).extract().path("token");
    }

    /** The connection's refresh and access tokens as sealed in its row. */
    private List<String> sealedTokensOf(String principal) throws SQLException {
        try (Connection jdbc = postgres.dataSource().getConnection();
                PreparedStatement select = jdbc.prepareStatement(
                        "SELECT refresh_token, access_token FROM " + CONNECTIONS_TABLE + " WHERE principal = ?")) {
            select.setString(1, principal);
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next(), "the connection is stored");
                return List.of(row.getString(1), row.getString(2));
            }
        }
    }

    /** The account's client secret, its Basic header, and the signature of the caller's JWT. */
    private static List<String> accountSecrets(String jwt) {
        return List.of(ZoomMock.CLIENT_SECRET, jwt.substring(jwt.lastIndexOf('.') + 1),
                Base64.getEncoder().encodeToString((ZoomMock.CLIENT_ID + ":" + ZoomMock.CLIENT_SECRET)
                        .getBytes(StandardCharsets.UTF_8)));
    }

    /** No span's name, status, attributes, events or links carry any of {@code forbidden} (case-insensitively). */
    private static void assertNoneCarries(List<SpanData> spans, List<String> forbidden) {
        List<String> folded = forbidden.stream().map(value -> value.toLowerCase(Locale.ROOT)).toList();
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
                String lower = text.toLowerCase(Locale.ROOT);
                for (String value : folded) {
                    assertFalse(lower.contains(value), () -> "span " + span.getName() + " carries " + text);
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
