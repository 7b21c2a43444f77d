package dev.zoomtoken;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import dev.zoomtoken.internal.auth.UserOAuthClient;
import dev.zoomtoken.internal.config.ZoomConfig;
import dev.zoomtoken.internal.connection.AppEndpoint;
import dev.zoomtoken.internal.connection.ConnectionAccessTokens;
import dev.zoomtoken.internal.connection.ConnectionAccessTokensReplica;
import dev.zoomtoken.internal.connection.ConnectionEvents;
import dev.zoomtoken.internal.connection.ConnectionKeepAlive;
import dev.zoomtoken.internal.connection.ConnectionKeepAlives;
import dev.zoomtoken.internal.connection.ConnectionRows;
import dev.zoomtoken.internal.connection.ConnectionStores;
import dev.zoomtoken.internal.connection.EmbeddedPostgres;
import dev.zoomtoken.internal.connection.PostgresResource;
import dev.zoomtoken.internal.connection.StoredConnection;
import dev.zoomtoken.internal.connection.WebhookSignature;
import dev.zoomtoken.model.ConnectionAuthorization;
import dev.zoomtoken.model.ConnectionConfirmation;
import dev.zoomtoken.model.ConnectionEvent;
import dev.zoomtoken.model.ConnectionInfo;
import dev.zoomtoken.model.UserToken;
import dev.zoomtoken.model.UserTokenRequest;
import dev.zoomtoken.model.ZoomAuthorizationException;
import dev.zoomtoken.model.ZoomNotConnectedException;
import dev.zoomtoken.model.ZoomOAuthException;
import dev.zoomtoken.model.ZoomReauthorizationRequiredException;
import dev.zoomtoken.model.ZoomScopeNotGrantedException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Connected users end to end, on a real PostgreSQL and a WireMock Zoom that checks PKCE, single-use codes and
 * refresh-token rotation: authorize, callback, status, ZAK and OBF with the user's own token, refresh once under
 * concurrency (two "replicas" sharing the database), reauthorization, disconnect; no token in a row or a log line.
 */
@QuarkusTest
@QuarkusTestResource(value = ZoomMock.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = ZoomMock.SERVER_TO_SERVER_ARG, value = "true"))
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = true)
class ZoomConnectionsTest extends MockZoomSupport {

    private static final String TOKEN_PATH = ZoomMock.OAUTH_PATH;

    @Inject
    ZoomConnections connections;

    @Inject
    ConnectionStores stores;

    @Inject
    UserOAuthClient oauth;

    @Inject
    ZoomConfig config;

    @Inject
    ZoomUserTokens tokens;

    @Inject
    ConnectionEvents connectionEvents;

    @Inject
    RecordedConnectionEvents events;

    @Inject
    ConnectionKeepAlive keepAlive;

    @Inject
    ConnectionAccessTokens accessTokens;

    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    @Inject
    dev.zoomtoken.internal.metrics.ZoomMetrics metrics;

    @Inject
    io.quarkus.scheduler.Scheduler scheduler;

    EmbeddedPostgres postgres;

    AppEndpoint app;

    private static int principals;

    private static synchronized String principal() {
        return "connected-" + (++principals) + "@example.com";
    }

    /** Zoom's answer to a code exchange or refresh. */
    private static String tokens(String access, String refresh, int expiresIn) {
        return tokens(access, refresh, expiresIn, "user:read:token user:read:user");
    }

    private static String tokens(String access, String refresh, int expiresIn, String scope) {
        return "{\"access_token\":\"" + access + "\",\"token_type\":\"bearer\",\"refresh_token\":\"" + refresh
                + "\",\"expires_in\":" + expiresIn + ",\"scope\":\"" + scope + "\"}";
    }

    /**
     * Zoom's code exchange for {@code code}, as Zoom enforces it: only with the verifier of {@code challenge}, and
     * once; anything else is refused with 400.
     */
    private void stubExchange(String code, String challenge, String access, String refresh, int expiresIn) {
        stubExchange(code, challenge, access, refresh, expiresIn, "user:read:token user:read:user");
    }

    private void stubExchange(String code, String challenge, String access, String refresh, int expiresIn,
            String scope) {
        zoom.stubFor(post(urlPathEqualTo(TOKEN_PATH)).atPriority(1)
                .andMatching(PkceVerifier.NAME, Parameters.one("challenge", challenge)).inScenario(code)
                .whenScenarioStateIs(Scenario.STARTED).withRequestBody(containing("grant_type=authorization_code"))
                .withRequestBody(containing("code=" + code + "&"))
                .willReturn(okJson(tokens(access, refresh, expiresIn, scope))).willSetStateTo("used"));
        zoom.stubFor(post(urlPathEqualTo(TOKEN_PATH)).atPriority(10).withRequestBody(containing(
                "grant_type=authorization_code")).willReturn(aResponse().withStatus(400)
                        .withHeader("Content-Type",
                                "application/json")
                        .withBody("{\"reason\":\"Invalid authorization code\",\"error\":\"invalid_request\"}")));
    }

    private static String challenge(ConnectionAuthorization authorization) {
        return query(authorization.authorizeUrl()).get("code_challenge");
    }

    private void stubMe(String access, String zoomUser) {
        zoom.stubFor(get(urlPathEqualTo("/v2/users/me")).withHeader("Authorization", equalTo("Bearer " + access))
                .willReturn(okJson("{\"id\":\"" + zoomUser + "\",\"account_id\":\"acct-" + zoomUser
                        + "\",\"email\":\"someone@example.com\"}")));
    }

    private void stubMint(String access, String token) {
        zoom.stubFor(get(urlPathEqualTo("/v2/users/me/token")).withHeader("Authorization", equalTo("Bearer " + access))
                .willReturn(okJson("{\"token\":\"" + token + "\"}")));
    }

    /**
     * Authorizes {@code principal} as Zoom user {@code zoomUser} with {@code code}; returns the authorize URL's query.
     */
    private Map<String, String> connect(String principal, String code, String access, String refresh, int expiresIn,
            String zoomUser) {
        stubMe(access, zoomUser);
        ConnectionAuthorization authorization = connections.authorize(principal);
        stubExchange(code, challenge(authorization), access, refresh, expiresIn);
        Map<String, String> query = query(authorization.authorizeUrl());
        ConnectionConfirmation confirmation = connections.completeAsync(code, query.get("state"), null).await()
                .atMost(Duration.ofSeconds(10));
        assertTrue(connections.status(principal).isEmpty(), "nothing is stored before the caller confirms");
        assertEquals(zoomUser, connections.confirm(principal, confirmation.code()).zoomUserId());
        return query;
    }

    /** {@code principal} starts an authorization that Zoom approves as {@code zoomUser}; its confirmation. */
    private ConnectionConfirmation approve(String principal, String code, String access, String refresh,
            String zoomUser) {
        stubMe(access, zoomUser);
        ConnectionAuthorization authorization = connections.authorize(principal);
        stubExchange(code, challenge(authorization), access, refresh, 3600);
        return connections.completeAsync(code, query(authorization.authorizeUrl()).get("state"), null).await()
                .atMost(Duration.ofSeconds(10));
    }

    @Test
    void theWholeFlowAuthorizeCallbackStatusTokensAndDisconnect() throws Exception {
        String principal = principal();
        Map<String, String> query = connect(principal, "code-flow", "access-flow-1", "refresh-flow-1", 3600, "zu-flow");

        assertEquals("code", query.get("response_type"));
        assertEquals(PostgresResource.CLIENT_ID, query.get("client_id"));
        assertEquals(PostgresResource.REDIRECT_URI, query.get("redirect_uri"));
        assertEquals("S256", query.get("code_challenge_method"));
        String verifier = formField(zoom.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH))).get(0).getBodyAsString(),
                "code_verifier");
        assertEquals(query.get("code_challenge"), Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII))),
                "the verifier sent with the code matches the challenge sent to the authorize page");
        zoom.verify(postRequestedFor(urlPathEqualTo(TOKEN_PATH)).withHeader("Authorization", equalTo("Basic "
                + Base64.getEncoder().encodeToString((PostgresResource.CLIENT_ID + ":" + PostgresResource.CLIENT_SECRET)
                        .getBytes(StandardCharsets.UTF_8))))
                .withRequestBody(containing("redirect_uri=" + java.net.URLEncoder.encode(PostgresResource.REDIRECT_URI,
                        StandardCharsets.UTF_8))));

        RecordedConnectionEvents.Seen connected = events.syncSeen(principal);
        assertEquals(new ConnectionEvent(ConnectionEvent.Type.CONNECTED, connected.event().at(), principal, "zu-flow",
                "acct-zu-flow", "active"), connected.event());
        assertTrue(connected.rowPresent(), "observed after the commit: another database connection sees the row");
        assertEquals(connected.event(), events.asyncSeen(principal, Duration.ofSeconds(10)));
        JsonNode delivered = delivered(principal, "connection.connected");
        assertEquals(connected.event().at().toEpochMilli(), delivered.get("event_ts").asLong());
        assertEquals("zu-flow", delivered.at("/payload/zoom_user_id").asText());
        assertEquals("acct-zu-flow", delivered.at("/payload/zoom_account_id").asText());
        assertEquals("active", delivered.at("/payload/status").asText());

        ConnectionInfo info = connections.status(principal).orElseThrow();
        assertEquals(java.util.EnumSet.allOf(dev.zoomtoken.model.TokenType.class), info.tokenTypes());
        assertEquals("zu-flow", info.zoomUserId());
        assertEquals("acct-zu-flow", info.zoomAccountId());
        assertEquals("active", info.status());

        stubMint("access-flow-1", "zak-of-the-connected-user");
        UserToken zak = connections.tokenAsync(principal, UserTokenRequest.zak("me")).await()
                .atMost(Duration.ofSeconds(10));
        assertEquals("zak-of-the-connected-user", zak.value());
        UserToken obf = connections.tokenAsync(principal, UserTokenRequest.onBehalf("me", "81234567890")).await()
                .atMost(Duration.ofSeconds(10));
        assertEquals("zak-of-the-connected-user", obf.value());
        zoom.verify(getRequestedFor(urlPathEqualTo("/v2/users/me/token"))
                .withQueryParam("type", equalTo("onbehalf")).withQueryParam("meeting_id", equalTo("81234567890")));
        zoom.verify(0, postRequestedFor(urlPathEqualTo(TOKEN_PATH)).withRequestBody(containing("refresh_token")));

        zoom.stubFor(post(urlPathEqualTo(PostgresResource.REVOKE_PATH)).willReturn(okJson("{\"status\":\"success\"}")));
        assertTrue(connections.disconnectAsync(principal).await().atMost(Duration.ofSeconds(10)));
        zoom.verify(postRequestedFor(urlPathEqualTo(PostgresResource.REVOKE_PATH))
                .withRequestBody(equalTo("token=access-flow-1")));
        assertTrue(connections.status(principal).isEmpty());
        RecordedConnectionEvents.Seen disconnected = events.syncSeen(principal);
        assertEquals(ConnectionEvent.Type.DISCONNECTED, disconnected.event().type());
        assertEquals("deleted", disconnected.event().status());
        assertFalse(disconnected.rowPresent(), "the row was gone when it was observed");
        assertEquals("deleted", delivered(principal, "connection.disconnected").at("/payload/status").asText());
        assertFalse(connections.disconnectAsync(principal).await().atMost(Duration.ofSeconds(10)));
        assertFalse(events.syncHas(principal), "no change, no event");
        assertInstanceOf(ZoomNotConnectedException.class, failure(connections.tokenAsync(principal,
                UserTokenRequest.zak("me"))));
    }

    /**
     * Scopes can be unticked at Zoom's consent page: a consent without user:read:token (or user:read:zak) is revoked
     * when it comes back, never asks /users/me, and its confirmation says which scopes were missing; nothing is stored.
     */
    @Test
    void aConsentWithoutATokenScopeIsRevokedAtOnceAndItsConfirmationNamesTheScopes() {
        String principal = principal();
        ConnectionAuthorization authorization = connections.authorize(principal);
        stubExchange("code-unticked", challenge(authorization), "access-unticked", "refresh-unticked", 3600,
                "user:read:user");
        zoom.stubFor(post(urlPathEqualTo(PostgresResource.REVOKE_PATH)).willReturn(okJson("{\"status\":\"success\"}")));
        ConnectionConfirmation confirmation = connections.completeAsync("code-unticked",
                query(authorization.authorizeUrl()).get("state"), null).await().atMost(Duration.ofSeconds(10));

        zoom.verify(1, postRequestedFor(urlPathEqualTo(PostgresResource.REVOKE_PATH))
                .withRequestBody(equalTo("token=access-unticked")));
        zoom.verify(0, getRequestedFor(urlPathEqualTo("/v2/users/me")));
        assertFalse(String.join("", postgres.dump("zoom_user_token_confirmation")).contains("unticked"),
                "no token of a refused consent is kept");
        assertInstanceOf(ZoomAuthorizationException.class, thrown(() -> connections.confirm(principal(),
                confirmation.code())), "another caller learns nothing about it");

        ConnectionConfirmation again = approveWithScopes(principal, "code-unticked-2", "access-unticked-2",
                "user:read:user meeting:read");
        ZoomScopeNotGrantedException refused = assertInstanceOf(ZoomScopeNotGrantedException.class,
                thrown(() -> connections.confirm(principal, again.code())));
        assertTrue(refused.getMessage().contains("'user:read:user meeting:read'")
                && refused.getMessage().contains("user:read:token") && refused.getMessage().contains("user:read:zak"),
                refused.getMessage());
        assertEquals("user:read:user meeting:read", refused.grantedScopes());
        assertTrue(connections.status(principal).isEmpty(), "nothing stored");
        assertInstanceOf(ZoomAuthorizationException.class, thrown(() -> connections.confirm(principal,
                again.code())), "the code is used up");
    }

    /** A connection granted only user:read:zak mints ZAKs and says so; an OBF request is refused before Zoom. */
    @Test
    void aConnectionGrantedOnlyTheZakScopeMintsZaksAndRefusesOtherTypesWithoutCallingZoom() {
        String principal = principal();
        ConnectionConfirmation confirmation = approveWithScopes(principal, "code-zak-only", "access-zak-only",
                "user:read:zak user:read:user");
        ConnectionInfo info = connections.confirm(principal, confirmation.code());
        assertEquals(java.util.Set.of(dev.zoomtoken.model.TokenType.ZAK), info.tokenTypes());
        assertEquals(info, connections.status(principal).orElseThrow());

        stubMint("access-zak-only", "zak-of-a-zak-only-connection");
        assertEquals("zak-of-a-zak-only-connection", connections.token(principal, UserTokenRequest.zak("me")).value());
        zoom.resetRequests();
        ZoomScopeNotGrantedException refused = assertInstanceOf(ZoomScopeNotGrantedException.class,
                failure(connections.tokenAsync(principal, UserTokenRequest.onBehalf("me", "81234567890"))));
        assertTrue(refused.getMessage().contains("onbehalf") && refused.getMessage().contains("user:read:token"),
                refused.getMessage());
        assertInstanceOf(ZoomScopeNotGrantedException.class, failure(connections.tokenAsync(principal,
                UserTokenRequest.sdkToken("me"))));
        zoom.verify(0, getRequestedFor(urlPathEqualTo("/v2/users/me/token")));
        zoom.verify(0, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
    }

    /** {@code principal} starts an authorization that Zoom approves with {@code scope}; its confirmation. */
    private ConnectionConfirmation approveWithScopes(String principal, String code, String access, String scope) {
        stubMe(access, "zu-" + code);
        ConnectionAuthorization authorization = connections.authorize(principal);
        stubExchange(code, challenge(authorization), access, "refresh-" + access, 3600, scope);
        return connections.completeAsync(code, query(authorization.authorizeUrl()).get("state"), null).await()
                .atMost(Duration.ofSeconds(10));
    }

    /** An application endpoint that answers slowly holds up neither the confirmation nor a token request. */
    @Test
    void aSlowApplicationEndpointHoldsUpNoRequest() throws Exception {
        String principal = principal();
        app.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo(AppEndpoint.PATH))
                .atPriority(1).withRequestBody(containing(principal))
                .willReturn(aResponse().withStatus(204).withFixedDelay(1500)));
        connect(principal, "code-slow-app", "access-slow-app", "refresh-slow-app", 3600, "zu-slow-app");
        stubMint("access-slow-app", "zak-while-the-app-is-slow");
        assertEquals("zak-while-the-app-is-slow", connections.token(principal, UserTokenRequest.zak("me")).value());
        assertFalse(app.answeredAlready(sent -> sent.text().contains(principal)),
                "confirmed and minted while the event's delivery was still waiting for the application");
        assertTrue(events.syncSeen(principal).rowPresent());
        delivered(principal, "connection.connected");
    }

    /**
     * The next event about {@code principal} named {@code event} that the application's endpoint took: signed
     * exactly like Zoom's webhooks (the module's own verifier accepts it); its JSON.
     */
    private JsonNode delivered(String principal, String event) throws Exception {
        AppEndpoint.Delivery sent = app.next(candidate -> candidate.status() == 204
                && candidate.text().contains("\"principal\":\"" + principal + "\"")
                && candidate.text().contains("\"event\":\"" + event + "\""), Duration.ofSeconds(10));
        new WebhookSignature(PostgresResource.EVENTS_SECRET, java.time.Clock.systemUTC()).verify(sent.signature(),
                sent.timestamp(), sent.body());
        JsonNode body = new ObjectMapper().readTree(sent.body());
        assertEquals(event, body.get("event").asText());
        assertEquals(principal, body.at("/payload/principal").asText());
        return body;
    }

    private double keptAlive(String outcome) {
        io.micrometer.core.instrument.Counter counter = registry.find("zoom.connection.keep.alive")
                .tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private void stubRefresh(String refresh, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer) {
        zoom.stubFor(post(urlPathEqualTo(TOKEN_PATH)).withRequestBody(containing("grant_type=refresh_token"))
                .withRequestBody(containing("refresh_token=" + refresh)).willReturn(answer));
    }

    /**
     * A connection idle for longer than zoom.user-oauth.keep-alive (P30D here) is refreshed by the sweep, once, and
     * logged as such with its pseudonym; a connection in use is left alone, and a second sweep finds nothing.
     */
    @Test
    void theKeepAliveRefreshesAnIdleConnectionOnceAndLeavesOneInUse() throws Exception {
        assertTrue(scheduler.getScheduledJob(ConnectionKeepAlive.JOB) != null, "the job runs with connected users on");
        String idle = principal();
        String inUse = principal();
        connect(idle, "code-idle", "access-idle-1", "refresh-idle-1", 3600, "zu-idle");
        connect(inUse, "code-in-use", "access-in-use", "refresh-in-use", 3600, "zu-in-use");
        ConnectionRows.makeIdle(postgres.dataSource(), idle, Duration.ofDays(31));
        ConnectionRows.makeIdle(postgres.dataSource(), inUse, Duration.ofDays(29));
        stubRefresh("refresh-idle-1", okJson(tokens("access-idle-2", "refresh-idle-2", 3600)));
        double before = keptAlive("refreshed");

        String logs;
        try (LogCapture capture = LogCapture.start()) {
            Map<ConnectionAccessTokens.KeepAlive, Integer> swept = keepAlive.sweep().await()
                    .atMost(Duration.ofSeconds(20));
            assertEquals(1, swept.get(ConnectionAccessTokens.KeepAlive.REFRESHED), swept.toString());
            assertEquals(Map.of(), keepAlive.sweep().await().atMost(Duration.ofSeconds(20)), "nothing idle any more");
            logs = capture.text();
        }
        assertEquals("refresh-idle-2", stores.store().find(idle).orElseThrow().refreshToken());
        assertEquals("refresh-in-use", stores.store().find(inUse).orElseThrow().refreshToken());
        zoom.verify(1, postRequestedFor(urlPathEqualTo(TOKEN_PATH))
                .withRequestBody(containing("grant_type=refresh_token")));
        assertEquals(before + 1, keptAlive("refreshed"));
        String pseudonym = dev.zoomtoken.internal.crypto.Hashes.sha256HexPrefix(idle, 6);
        assertEquals(1, logs.lines().filter(line -> line.contains("connection keep-alive outcome=refreshed user="
                + pseudonym)).count(), logs);
        for (String secret : List.of(idle, "access-idle-1", "refresh-idle-1", "access-idle-2", "refresh-idle-2")) {
            assertFalse(logs.contains(secret), "the logs hold '" + secret + "'");
        }
        stubMint("access-idle-2", "zak-after-keep-alive");
        assertEquals("zak-after-keep-alive", connections.token(idle, UserTokenRequest.zak("me")).value());
    }

    /** Zoom refusing the idle connection's refresh token: marked, told (event and app), counted. */
    @Test
    void aKeepAliveZoomRefusesMarksTheConnectionAndTellsTheApplication() throws Exception {
        String principal = principal();
        connect(principal, "code-idle-dead", "access-idle-dead", "refresh-idle-dead", 3600, "zu-idle-dead");
        events.syncSeen(principal);
        ConnectionRows.makeIdle(postgres.dataSource(), principal, Duration.ofDays(40));
        stubRefresh("refresh-idle-dead", aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"reason\":\"Invalid Token!\",\"error\":\"invalid_grant\"}"));
        double before = keptAlive("reauthorization_required");

        Map<ConnectionAccessTokens.KeepAlive, Integer> swept = keepAlive.sweep().await().atMost(Duration.ofSeconds(20));

        assertEquals(1, swept.get(ConnectionAccessTokens.KeepAlive.REAUTHORIZATION_REQUIRED), swept.toString());
        assertEquals("reauthorization_required", connections.status(principal).orElseThrow().status());
        assertEquals(ConnectionEvent.Type.REAUTHORIZATION_REQUIRED, events.syncSeen(principal).event().type());
        delivered(principal, "connection.reauthorization_required");
        assertEquals(before + 1, keptAlive("reauthorization_required"));
        assertEquals(Map.of(), keepAlive.sweep().await().atMost(Duration.ofSeconds(20)), "a marked one is not swept");
    }

    /**
     * Zoom failing the keep-alive's refresh otherwise (a 503): the connection stays active, its claim is given back,
     * keep_alive_failed is fired and delivered, and the failure counted.
     */
    @Test
    void aKeepAliveThatFailsOtherwiseLeavesTheConnectionActiveAndFiresKeepAliveFailed() throws Exception {
        String principal = principal();
        connect(principal, "code-idle-503", "access-idle-503", "refresh-idle-503", 3600, "zu-idle-503");
        events.syncSeen(principal);
        ConnectionRows.makeIdle(postgres.dataSource(), principal, Duration.ofDays(45));
        stubRefresh("refresh-idle-503", aResponse().withStatus(503));
        double before = keptAlive("failed");
        try {
            Map<ConnectionAccessTokens.KeepAlive, Integer> swept = keepAlive.sweep().await()
                    .atMost(Duration.ofSeconds(20));

            assertEquals(1, swept.get(ConnectionAccessTokens.KeepAlive.FAILED), swept.toString());
            assertEquals("active", connections.status(principal).orElseThrow().status());
            assertEquals("refresh-idle-503", stores.store().find(principal).orElseThrow().refreshToken());
            assertEquals(null, ConnectionRows.refreshOwner(postgres.dataSource(), principal),
                    "the claim is given back");
            RecordedConnectionEvents.Seen failed = events.syncSeen(principal);
            assertEquals(ConnectionEvent.Type.KEEP_ALIVE_FAILED, failed.event().type());
            assertEquals("active", failed.event().status());
            assertEquals("active", delivered(principal, "connection.keep_alive_failed").at("/payload/status")
                    .asText());
            assertEquals(before + 1, keptAlive("failed"));
        } finally {
            stores.store().delete(principal); // idle still: later sweeps of other tests must not meet it
        }
    }

    /**
     * While the account's rate budget has no slot free at once, live requests come first: the keep-alive refreshes
     * none of that account's connections and asks the budget once for them all; the next sweep with a free slot does.
     */
    @Test
    void theKeepAliveDefersAnAccountWhoseBudgetIsBusy() {
        String first = principal();
        String second = principal();
        connect(first, "code-busy-1", "access-busy-1", "refresh-busy-1", 3600, "zu-busy");
        connect(second, "code-busy-2", "access-busy-2", "refresh-busy-2", 3600, "zu-busy");
        ConnectionRows.makeIdle(postgres.dataSource(), first, Duration.ofDays(50));
        ConnectionRows.makeIdle(postgres.dataSource(), second, Duration.ofDays(50));
        List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean free = new java.util.concurrent.atomic.AtomicBoolean(false);
        dev.zoomtoken.internal.ratelimit.ZoomRateBudget budget = new dev.zoomtoken.internal.ratelimit.ZoomRateBudget() {
            @Override
            public io.smallrye.mutiny.Uni<Void> permit(String account) {
                throw new AssertionError("the keep-alive never waits for a slot");
            }

            @Override
            public io.smallrye.mutiny.Uni<Boolean> permitIfFree(String account) {
                asked.add(account);
                return io.smallrye.mutiny.Uni.createFrom().item(free.get());
            }

            @Override
            public void observe(String account, dev.zoomtoken.model.RateLimit rateLimit, boolean limited) {
            }
        };
        ConnectionKeepAlive paced = ConnectionKeepAlives.create(stores, accessTokens, connectionEvents, budget,
                metrics, "P30D");
        try {
            assertEquals(Map.of(ConnectionAccessTokens.KeepAlive.DEFERRED, 2), paced.sweep().await()
                    .atMost(Duration.ofSeconds(20)));
            assertEquals(List.of("acct-zu-busy"), asked, "asked once for the account");
            zoom.verify(0, postRequestedFor(urlPathEqualTo(TOKEN_PATH)).withRequestBody(containing("refresh_token=")));

            free.set(true);
            stubRefresh("refresh-busy-1", okJson(tokens("access-busy-1b", "refresh-busy-1b", 3600)));
            stubRefresh("refresh-busy-2", okJson(tokens("access-busy-2b", "refresh-busy-2b", 3600)));
            assertEquals(Map.of(ConnectionAccessTokens.KeepAlive.REFRESHED, 2), paced.sweep().await()
                    .atMost(Duration.ofSeconds(20)));
        } finally {
            stores.store().delete(first);
            stores.store().delete(second);
        }
    }

    @Test
    void aStateWorksOnceAndBadStatesOrADeclineExchangeNothing() {
        String principal = principal();
        stubMe("access-once", "zu-once");
        ConnectionAuthorization authorization = connections.authorize(principal);
        stubExchange("code-once", challenge(authorization), "access-once", "refresh-once", 3600);
        String state = query(authorization.authorizeUrl()).get("state");
        connections.completeAsync("code-once", state, null).await().atMost(Duration.ofSeconds(10));
        zoom.resetRequests();

        assertInstanceOf(ZoomAuthorizationException.class,
                failure(connections.completeAsync("code-once", state, null)));
        assertInstanceOf(ZoomAuthorizationException.class,
                failure(connections.completeAsync("code-once", "made-up", null)));
        assertInstanceOf(ZoomAuthorizationException.class, failure(connections.completeAsync("code-once", null, null)));
        String declined = query(connections.authorize(principal()).authorizeUrl()).get("state");
        assertInstanceOf(ZoomAuthorizationException.class, failure(connections.completeAsync(null, declined,
                "access_denied")));
        assertInstanceOf(ZoomAuthorizationException.class,
                failure(connections.completeAsync("code-once", declined, null)),
                "a declined authorization's state is used up");
        zoom.verify(0, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
    }

    /**
     * An authorization code works once: a code exchange Zoom answered with a 5xx (it may have used the code) is not
     * sent again and nothing is stored; one Zoom refused with a per-second 429 (it did not look at the code) is.
     */
    @Test
    void aCodeExchangeIsSentAgainOnlyWhenZoomCannotHaveUsedTheCode() {
        String failed = principal();
        String state = query(connections.authorize(failed).authorizeUrl()).get("state");
        zoom.stubFor(post(urlPathEqualTo(TOKEN_PATH)).atPriority(1).withRequestBody(containing("code=code-503&"))
                .willReturn(aResponse().withStatus(503)));
        assertInstanceOf(dev.zoomtoken.model.ZoomUserTokenException.class,
                failure(connections.completeAsync("code-503", state, null)));
        zoom.verify(1, postRequestedFor(urlPathEqualTo(TOKEN_PATH)).withRequestBody(containing("code=code-503&")));
        assertTrue(connections.status(failed).isEmpty());

        String limited = principal();
        stubMe("access-429", "zu-429");
        state = query(connections.authorize(limited).authorizeUrl()).get("state");
        zoom.stubFor(post(urlPathEqualTo(TOKEN_PATH)).atPriority(1).withRequestBody(containing("code=code-429&"))
                .inScenario("code-429").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0")
                        .withHeader("X-RateLimit-Type", "QPS").withHeader("Content-Type", "application/json")
                        .withBody("{\"code\":429,\"message\":\"Too many requests\"}"))
                .willSetStateTo("limited"));
        zoom.stubFor(post(urlPathEqualTo(TOKEN_PATH)).atPriority(1).withRequestBody(containing("code=code-429&"))
                .inScenario("code-429").whenScenarioStateIs("limited")
                .willReturn(okJson(tokens("access-429", "refresh-429", 3600))));
        ConnectionConfirmation confirmation = connections.completeAsync("code-429", state, null).await()
                .atMost(Duration.ofSeconds(10));
        zoom.verify(2, postRequestedFor(urlPathEqualTo(TOKEN_PATH)).withRequestBody(containing("code=code-429&")));
        assertEquals("zu-429", connections.confirm(limited, confirmation.code()).zoomUserId());
    }

    @Test
    void anAuthorizationStartedByOneCallerCannotConnectTheZoomUserOfAnotherWhoApprovedIt() {
        String attacker = principal();
        String victim = principal();
        // The attacker starts an authorization and sends its link to the victim, who approves it at Zoom.
        ConnectionConfirmation approved = approve(attacker, "code-planted", "access-planted", "refresh-planted",
                "zu-victim-of-a-link");
        assertFalse(approved.toString().contains(approved.code()));

        // The victim's browser brings the code to the application, where the victim is signed in.
        assertInstanceOf(ZoomAuthorizationException.class, thrown(() -> connections.confirm(victim, approved.code())));
        // The code is used up: the attacker cannot confirm it either, even if the victim is tricked into sending it.
        assertInstanceOf(ZoomAuthorizationException.class, thrown(() -> connections.confirm(attacker,
                approved.code())));
        assertTrue(connections.status(attacker).isEmpty());
        assertTrue(connections.status(victim).isEmpty());
        assertInstanceOf(ZoomNotConnectedException.class, failure(connections.tokenAsync(attacker,
                UserTokenRequest.zak("me"))));
        zoom.verify(0, getRequestedFor(urlPathEqualTo("/v2/users/me/token")));

        assertInstanceOf(ZoomAuthorizationException.class, thrown(() -> connections.confirm(attacker, "made-up")));
        assertInstanceOf(dev.zoomtoken.model.InvalidTokenRequestException.class,
                thrown(() -> connections.confirm(attacker, " ")));
    }

    @Test
    void aConfirmationWorksOnceAndOnlyBeforeItExpires() {
        String principal = principal();
        ConnectionConfirmation confirmation = approve(principal, "code-twice", "access-twice", "refresh-twice",
                "zu-twice");
        assertEquals(ZoomConnections.AUTHORIZATION_LIFETIME, confirmation.expiresIn());
        assertEquals("zu-twice", connections.confirm(principal, confirmation.code()).zoomUserId());
        long version = stores.store().find(principal).orElseThrow().version();

        assertInstanceOf(ZoomAuthorizationException.class, thrown(() -> connections.confirm(principal,
                confirmation.code())));
        assertEquals(version, stores.store().find(principal).orElseThrow().version(),
                "a replayed code changed nothing");
    }

    @Test
    void aVerifierThatDoesNotMatchTheChallengeIsRefusedByZoomAndNothingIsStored() {
        String victim = principal();
        String attacker = principal();
        ConnectionAuthorization victims = connections.authorize(victim);
        stubExchange("code-of-the-victim", challenge(victims), "access-victim", "refresh-victim", 3600);
        stubMe("access-victim", "zu-victim");
        String attackersState = query(connections.authorize(attacker).authorizeUrl()).get("state");

        // The victim's code with the attacker's own authorization: its verifier is not the victim's.
        assertInstanceOf(ZoomAuthorizationException.class, failure(connections.completeAsync("code-of-the-victim",
                attackersState, null)));
        assertTrue(connections.status(attacker).isEmpty());
        zoom.verify(1, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
        zoom.verify(0, getRequestedFor(urlPathEqualTo("/v2/users/me")));
    }

    @Test
    void fiftyConcurrentRequestsOverTwoReplicasWithAnExpiredTokenMakeOneRefreshAndAllSucceed() throws Exception {
        try (LogCapture logs = LogCapture.start()) {
            refreshOnceUnderConcurrency();
            String text = logs.text();
            assertTrue(text.contains("/users/me/token"), "the capture saw the calls");
            for (String secret : List.of("access-old", "refresh-old", "access-new", "refresh-new", "zak-after-refresh",
                    PostgresResource.CLIENT_SECRET, PostgresResource.ENCRYPTION_KEY, PostgresResource.EVENTS_SECRET)) {
                assertFalse(text.contains(secret), "the logs hold '" + secret + "'");
            }
        }
    }

    private void refreshOnceUnderConcurrency() throws Exception {
        String principal = principal();
        connect(principal, "code-expired", "access-old", "refresh-old", 30, "zu-expired");
        ConnectionRows.expireAccessToken(postgres.dataSource(), principal);
        zoom.stubFor(post(urlPathEqualTo(TOKEN_PATH)).inScenario("rotation").whenScenarioStateIs(Scenario.STARTED)
                .withRequestBody(containing("grant_type=refresh_token"))
                .withRequestBody(containing("refresh_token=refresh-old"))
                .willReturn(okJson(tokens("access-new", "refresh-new", 3600)).withFixedDelay(300))
                .willSetStateTo("rotated"));
        zoom.stubFor(post(urlPathEqualTo(TOKEN_PATH)).inScenario("rotation").whenScenarioStateIs("rotated")
                .withRequestBody(containing("refresh_token=refresh-old")).willReturn(aResponse().withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"reason\":\"Invalid Token!\",\"error\":\"invalid_grant\"}")));
        stubMint("access-new", "zak-after-refresh");
        ConnectionAccessTokens other = ConnectionAccessTokensReplica.create(stores, connectionEvents, oauth, config);
        StoredConnection stored = stores.store().find(principal).orElseThrow();

        List<CompletableFuture<UserToken>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            calls.add((i % 2 == 0 ? connections.tokenAsync(principal, UserTokenRequest.zak("me"))
                    : tokens.fetch(UserTokenRequest.zak("me"), other.of(stored))).subscribeAsCompletionStage()
                    .toCompletableFuture());
        }
        for (CompletableFuture<UserToken> call : calls) {
            assertEquals("zak-after-refresh", call.get(30, TimeUnit.SECONDS).value());
        }
        zoom.verify(1,
                postRequestedFor(urlPathEqualTo(TOKEN_PATH)).withRequestBody(containing("grant_type=refresh_token")));
        assertEquals("refresh-new", stores.store().find(principal).orElseThrow().refreshToken());
    }

    /**
     * A token that lives 20 s is retired 2 s before its end (a tenth of its life), not 60 s: the requests that come
     * after one refresh use its token instead of each starting another.
     */
    @Test
    void aShortLivedTokenIsRefreshedOnceAndThenUsedForMostOfItsLife() throws Exception {
        String principal = principal();
        connect(principal, "code-short", "access-short-1", "refresh-short-1", 20, "zu-short");
        ConnectionRows.expireAccessToken(postgres.dataSource(), principal);
        zoom.stubFor(post(urlPathEqualTo(TOKEN_PATH)).withRequestBody(containing("refresh_token=refresh-short-1"))
                .willReturn(okJson(tokens("access-short-2", "refresh-short-2", 20)).withFixedDelay(200)));
        stubMint("access-short-2", "zak-short");

        List<CompletableFuture<UserToken>> calls = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            calls.add(connections.tokenAsync(principal, UserTokenRequest.zak("me")).subscribeAsCompletionStage()
                    .toCompletableFuture());
        }
        for (CompletableFuture<UserToken> call : calls) {
            assertEquals("zak-short", call.get(30, TimeUnit.SECONDS).value());
        }
        for (int i = 0; i < 5; i++) {
            assertEquals("zak-short", connections.token(principal, UserTokenRequest.zak("me")).value());
        }
        zoom.verify(1,
                postRequestedFor(urlPathEqualTo(TOKEN_PATH)).withRequestBody(containing("grant_type=refresh_token")));
    }

    @Test
    void aRotatedRefreshTokenReachesTheRowThoughTheDatabaseFailsTheFirstWrite() throws Exception {
        String principal = principal();
        connect(principal, "code-hiccup", "access-hiccup-old", "refresh-hiccup-old", 30, "zu-hiccup");
        ConnectionRows.expireAccessToken(postgres.dataSource(), principal);
        zoom.stubFor(post(urlPathEqualTo(TOKEN_PATH)).inScenario("hiccup").whenScenarioStateIs(Scenario.STARTED)
                .withRequestBody(containing("refresh_token=refresh-hiccup-old"))
                .willReturn(okJson(tokens("access-hiccup-new", "refresh-hiccup-new", 3600))).willSetStateTo("rotated"));
        zoom.stubFor(post(urlPathEqualTo(TOKEN_PATH)).inScenario("hiccup").whenScenarioStateIs("rotated")
                .withRequestBody(containing("refresh_token=refresh-hiccup-old")).willReturn(aResponse().withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"reason\":\"Invalid Token!\",\"error\":\"invalid_grant\"}")));
        stubMint("access-hiccup-new", "zak-after-hiccup");
        // PostgreSQL refuses the first write of a new refresh token (a sequence: not rolled back with the write).
        sql("CREATE SEQUENCE zoom_test_hiccup",
                "CREATE FUNCTION zoom_test_hiccup() RETURNS trigger AS $$ BEGIN IF NEW.refresh_token IS DISTINCT FROM "
                        + "OLD.refresh_token AND nextval('zoom_test_hiccup') = 1 THEN RAISE EXCEPTION 'injected'; "
                        + "END IF; RETURN NEW; END $$ LANGUAGE plpgsql",
                "CREATE TRIGGER zoom_test_hiccup BEFORE UPDATE ON zoom_user_token_connection FOR EACH ROW "
                        + "EXECUTE FUNCTION zoom_test_hiccup()");
        try {
            assertEquals("zak-after-hiccup", connections.tokenAsync(principal, UserTokenRequest.zak("me")).await()
                    .atMost(Duration.ofSeconds(20)).value());
        } finally {
            sql("DROP TRIGGER zoom_test_hiccup ON zoom_user_token_connection", "DROP FUNCTION zoom_test_hiccup()",
                    "DROP SEQUENCE zoom_test_hiccup");
        }
        assertEquals("refresh-hiccup-new", stores.store().find(principal).orElseThrow().refreshToken());
        zoom.verify(1,
                postRequestedFor(urlPathEqualTo(TOKEN_PATH)).withRequestBody(containing("grant_type=refresh_token")));
        assertEquals("active", connections.status(principal).orElseThrow().status());
    }

    /**
     * The database fails every write of the new refresh token for 4 s (as a restart does), longer than the write was
     * once tried again (4 retries from 100 ms, at most about 2.3 s): the rotated token still reaches the row, because
     * the write is tried again while this replica's claim holds, and no second refresh goes to Zoom.
     */
    @Test
    void aRotatedRefreshTokenReachesTheRowThoughTheDatabaseFailsForSeconds() throws Exception {
        String principal = principal();
        connect(principal, "code-outage", "access-outage-old", "refresh-outage-old", 30, "zu-outage");
        ConnectionRows.expireAccessToken(postgres.dataSource(), principal);
        zoom.stubFor(post(urlPathEqualTo(TOKEN_PATH)).withRequestBody(containing("refresh_token=refresh-outage-old"))
                .willReturn(okJson(tokens("access-outage-new", "refresh-outage-new", 3600))));
        stubMint("access-outage-new", "zak-after-outage");
        sql("CREATE TABLE zoom_test_outage (until TIMESTAMPTZ)",
                "INSERT INTO zoom_test_outage VALUES (clock_timestamp() + INTERVAL '4 seconds')",
                "CREATE FUNCTION zoom_test_outage() RETURNS trigger AS $$ BEGIN IF NEW.refresh_token IS DISTINCT FROM "
                        + "OLD.refresh_token AND clock_timestamp() < (SELECT until FROM zoom_test_outage) THEN "
                        + "RAISE EXCEPTION 'down' USING ERRCODE = 'connection_failure'; END IF; RETURN NEW; END $$ "
                        + "LANGUAGE plpgsql",
                "CREATE TRIGGER zoom_test_outage BEFORE UPDATE ON zoom_user_token_connection FOR EACH ROW "
                        + "EXECUTE FUNCTION zoom_test_outage()");
        try {
            assertEquals("zak-after-outage", connections.tokenAsync(principal, UserTokenRequest.zak("me")).await()
                    .atMost(Duration.ofSeconds(20)).value());
        } finally {
            sql("DROP TRIGGER zoom_test_outage ON zoom_user_token_connection", "DROP FUNCTION zoom_test_outage()",
                    "DROP TABLE zoom_test_outage");
        }
        assertEquals("refresh-outage-new", stores.store().find(principal).orElseThrow().refreshToken());
        zoom.verify(1, postRequestedFor(urlPathEqualTo(TOKEN_PATH)).withRequestBody(containing(
                "refresh_token=refresh-outage-old")));
        assertEquals("active", connections.status(principal).orElseThrow().status());
    }

    private void sql(String... statements) throws java.sql.SQLException {
        try (java.sql.Connection jdbc = postgres.dataSource().getConnection();
                java.sql.Statement statement = jdbc.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    @Test
    void aRefreshTokenZoomRefusesMarksTheConnectionAndKeepsIt() throws Exception {
        String principal = principal();
        connect(principal, "code-revoked", "access-revoked", "refresh-revoked", 30, "zu-revoked");
        ConnectionRows.expireAccessToken(postgres.dataSource(), principal);
        zoom.stubFor(post(urlPathEqualTo(TOKEN_PATH)).withRequestBody(containing("refresh_token=refresh-revoked"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"reason\":\"Invalid Token!\",\"error\":\"invalid_grant\"}")));

        assertEquals(ConnectionEvent.Type.CONNECTED, events.syncSeen(principal).event().type());
        assertInstanceOf(ZoomReauthorizationRequiredException.class, failure(connections.tokenAsync(principal,
                UserTokenRequest.zak("me"))));
        assertEquals("reauthorization_required", connections.status(principal).orElseThrow().status());
        RecordedConnectionEvents.Seen marked = events.syncSeen(principal);
        assertEquals(ConnectionEvent.Type.REAUTHORIZATION_REQUIRED, marked.event().type());
        assertEquals("reauthorization_required", marked.event().status());
        assertEquals("zu-revoked", delivered(principal, "connection.reauthorization_required")
                .at("/payload/zoom_user_id").asText());
        assertInstanceOf(ZoomReauthorizationRequiredException.class, failure(connections.tokenAsync(principal,
                UserTokenRequest.zak("me"))));
        assertFalse(events.syncHas(principal), "marked once, told once");
        zoom.verify(1,
                postRequestedFor(urlPathEqualTo(TOKEN_PATH)).withRequestBody(containing("grant_type=refresh_token")));
    }

    @Test
    void aRefreshZoomRefusesAfterAnotherReplicaRotatedTheTokenUsesThatReplicasTokens() throws Exception {
        String principal = principal();
        connect(principal, "code-race", "access-race-old", "refresh-race-old", 30, "zu-race");
        ConnectionRows.expireAccessToken(postgres.dataSource(), principal);
        // Zoom answers this replica's refresh late (within the test profile's 2 s attempt timeout) and refuses it: the
        // token was rotated by another replica meanwhile.
        zoom.stubFor(post(urlPathEqualTo(TOKEN_PATH)).withRequestBody(containing("refresh_token=refresh-race-old"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"reason\":\"Invalid Token!\",\"error\":\"invalid_grant\"}")
                        .withFixedDelay(1000)));
        stubMint("access-race-new", "zak-after-race");

        CompletableFuture<UserToken> call = connections.tokenAsync(principal, UserTokenRequest.zak("me"))
                .subscribeAsCompletionStage().toCompletableFuture();
        awaitRefreshClaim(principal);
        long claimedAt = stores.store().find(principal).orElseThrow().version();
        assertTrue(stores.store().updateTokens(principal, claimedAt, "refresh-race-new", "access-race-new",
                Duration.ofHours(1)), "the other replica's write");

        assertEquals("zak-after-race", call.get(20, TimeUnit.SECONDS).value());
        assertEquals("active", connections.status(principal).orElseThrow().status());
        assertEquals("refresh-race-new", stores.store().find(principal).orElseThrow().refreshToken());
        zoom.verify(1,
                postRequestedFor(urlPathEqualTo(TOKEN_PATH)).withRequestBody(containing("grant_type=refresh_token")));
    }

    /** Waits, at most 5 s, until a replica holds the claim on refreshing {@code principal}'s connection. */
    private void awaitRefreshClaim(String principal) {
        Poll.until(() -> "a replica claims the refresh", Duration.ofSeconds(5), Duration.ofMillis(25), () -> {
            try (java.sql.Connection jdbc = postgres.dataSource().getConnection();
                    java.sql.PreparedStatement statement = jdbc.prepareStatement(
                            "SELECT refresh_owner FROM zoom_user_token_connection WHERE principal = ?")) {
                statement.setString(1, principal);
                try (java.sql.ResultSet row = statement.executeQuery()) {
                    return row.next() && row.getString(1) != null;
                }
            }
        });
    }

    @Test
    void aRefreshRefusedForTheAppsCredentialsSaysSoAndLeavesTheConnectionToTryAgain() {
        String principal = principal();
        connect(principal, "code-client", "access-client", "refresh-client", 30, "zu-client");
        ConnectionRows.expireAccessToken(postgres.dataSource(), principal);
        zoom.stubFor(post(urlPathEqualTo(TOKEN_PATH)).withRequestBody(containing("refresh_token=refresh-client"))
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody("{\"reason\":\"Invalid client_id or client_secret\",\"error\":\"invalid_client\"}")));

        Throwable refused = failure(connections.tokenAsync(principal, UserTokenRequest.zak("me")));
        ZoomOAuthException oauth = assertInstanceOf(ZoomOAuthException.class, refused);
        assertTrue(oauth.getMessage().contains("user-level OAuth") && oauth.getMessage()
                .contains("ZOOM_USER_OAUTH_CLIENT_ID") && !oauth.getMessage().contains("ZOOM_ACCOUNT_ID"),
                oauth.getMessage());
        assertEquals("active", connections.status(principal).orElseThrow().status(), "not the user's fault");
        failure(connections.tokenAsync(principal, UserTokenRequest.zak("me")));
        zoom.verify(2,
                postRequestedFor(urlPathEqualTo(TOKEN_PATH)).withRequestBody(containing("grant_type=refresh_token")));
    }

    @Test
    void noRowHoldsATokenTheSecretOrTheKeyInClear() {
        connect(principal(), "code-scan", "access-scan-Qd4", "refresh-scan-Wm2", 3600, "zu-scan");
        String pendingState = query(connections.authorize(principal()).authorizeUrl()).get("state");
        // Approved at Zoom, not yet confirmed: its tokens wait in the confirmations table.
        String confirmation = approve(principal(), "code-pending", "access-pending-Zr8", "refresh-pending-Tn5",
                "zu-pending").code();
        List<String> rows = new ArrayList<>(postgres.dump("zoom_user_token_connection"));
        rows.addAll(postgres.dump("zoom_user_token_authorization"));
        List<String> pending = postgres.dump("zoom_user_token_confirmation");
        assertEquals(1, pending.stream().filter(row -> row.contains("zu-pending")).count(), pending.toString());
        rows.addAll(pending);
        for (String row : rows) {
            for (String secret : List.of("access-scan-Qd4", "refresh-scan-Wm2", "access-pending-Zr8",
                    "refresh-pending-Tn5", pendingState, confirmation, PostgresResource.CLIENT_SECRET,
                    PostgresResource.ENCRYPTION_KEY, "someone@example.com")) {
                assertFalse(row.contains(secret), "a row holds '" + secret + "': " + row);
            }
        }
    }

    private static Throwable thrown(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException failure) {
            return failure;
        }
        return new AssertionError("succeeded");
    }

    private static Throwable failure(io.smallrye.mutiny.Uni<?> call) {
        return call.map(item -> (Throwable) new AssertionError("succeeded: " + item)).onFailure()
                .recoverWithItem(failure -> failure).await().atMost(Duration.ofSeconds(20));
    }

    private static Map<String, String> query(URI url) {
        Map<String, String> query = new HashMap<>();
        for (String pair : url.getRawQuery().split("&")) {
            String[] parts = pair.split("=", 2);
            query.put(parts[0], URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
        }
        return query;
    }

    private static String formField(String body, String name) {
        for (String pair : body.split("&")) {
            String[] parts = pair.split("=", 2);
            if (parts[0].equals(name)) {
                return URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError(name + " not in " + body);
    }
}
