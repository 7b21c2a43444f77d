package dev.zoomtoken.internal.broker;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.zoomtoken.ZoomMock;
import dev.zoomtoken.internal.connection.ConnectionRows;
import dev.zoomtoken.internal.connection.EmbeddedPostgres;
import dev.zoomtoken.internal.connection.PostgresResource;
import dev.zoomtoken.internal.connection.WebhookSignature;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The connections API of the broker on a real PostgreSQL and a WireMock Zoom: authorize, the browser's callback,
 * status, ZAK and OBF of the caller's connection, an admin minting for another principal, disconnect; the problem
 * documents of each refusal.
 */
@QuarkusTest
@QuarkusTestResource(value = ZoomMock.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = ZoomMock.SERVER_TO_SERVER_ARG, value = "true"))
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = true)
class ConnectionResourceTest extends ConnectedUsersSupport {

    EmbeddedPostgres postgres;

    dev.zoomtoken.internal.connection.AppEndpoint app;

    private static final String CAROL = "carol@example.com";
    private static final String BOT = "meeting-bot@example.com";

    /** An Instance: the test classes without a database share this application, and there it is inactive. */
    @Inject
    Instance<AgroalDataSource> dataSource;

    /**
     * A database that dropped the broker's connections (a restart, a failover) answers 503 store-unavailable with
     * Retry-After, never a 500: PostgreSQL ends every session of the broker, as its restart does, and the next request
     * gets one of those pooled connections. It answers as before once the pool has a live connection again.
     */
    @Test
    void aDatabaseThatDroppedItsConnectionsIs503StoreUnavailable() throws SQLException {
        String caller = CallerKeys.forUpn("dora@example.com");
        as(caller).get("/api/v1/connections/me").then().statusCode(404).body("type", containsString("not-connected"));
        try {
            try (Connection admin = postgres.dataSource().getConnection();
                    Statement statement = admin.createStatement()) {
                statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> "
                        + "pg_backend_pid() AND backend_type = 'client backend'");
            }

            as(caller).get("/api/v1/connections/me").then().statusCode(503)
                    .contentType(containsString("application/problem+json"))
                    .body("type", is("urn:zoom-user-token:problem:store-unavailable")).header("Retry-After", "1")
                    .body(not(containsString("dora")));
            int answered = 0;
            for (int attempt = 0; attempt < 30 && answered != 404; attempt++) { // each dead connection fails once
                answered = as(caller).get("/api/v1/connections/me").then().extract().statusCode();
                assertTrue(answered == 404 || answered == 503, "answered " + answered);
            }
            assertEquals(404, answered, "the broker answers again once the pool has a live connection");
        } finally {
            dataSource.get().flush(AgroalDataSource.FlushMode.INVALID);
        }
    }

    @Test
    void aLinkStartedByOneCallerAndApprovedBySomeoneElseConnectsNobody() {
        String attacker = "mallory@example.com";
        String victim = "victor@example.com";
        String confirmation = approveAtZoom(attacker, "code-victor", "access-victor", "zu-victor", 3600);

        confirm(victim, confirmation).statusCode(400).contentType(containsString("application/problem+json"))
                .body("type", containsString("authorization-failed"))
                .body("detail", containsString("started by another caller"))
                .body(not(containsString("access-victor")));
        confirm(attacker, confirmation).statusCode(400).body("type", containsString("authorization-failed"));
        as(CallerKeys.forUpn(attacker)).get("/api/v1/connections/me").then().statusCode(404);
        as(CallerKeys.forUpn(victim)).get("/api/v1/connections/me").then().statusCode(404);
        as(CallerKeys.forUpn(attacker)).get("/api/v1/connections/me/token").then().statusCode(404);

        as(CallerKeys.forUpn(victim)).contentType("application/json").body("{}").post("/api/v1/connections/me/confirm")
                .then().statusCode(400).body("field", is("confirmation"));
        as(CallerKeys.forUpn(victim)).contentType("application/json").body("{not json")
                .post("/api/v1/connections/me/confirm").then().statusCode(400)
                .contentType(containsString("application/problem+json"));
        given().contentType("application/json").body("{\"confirmation\":\"x\"}").post("/api/v1/connections/me/confirm")
                .then().statusCode(401);
    }

    @Test
    void authorizeCallbackStatusTokenAndDisconnect() {
        connectThroughTheBroker(CAROL, "code-carol", "access-carol", "zu-carol");

        as(CallerKeys.forUpn(CAROL)).get("/api/v1/connections/me").then().statusCode(200)
                .body("zoom_user_id", is("zu-carol")).body("zoom_account_id", is("acct-zu-carol"))
                .body("status", is("active")).body("scopes", is("user:read:token"))
                .body("token_types", org.hamcrest.Matchers.contains("zak", "onbehalf", "token"))
                .body(not(containsString("access-carol")));

        zoom.stubFor(get(urlPathEqualTo("/v2/users/me/token")).withHeader("Authorization",
                equalTo("Bearer access-carol")).willReturn(okJson("{\"token\":\"obf-of-carol\"}")));
        as(CallerKeys.forUpn(CAROL)).queryParam("type", "onbehalf").queryParam("meeting_id", "81234567890")
                .get("/api/v1/connections/me/token").then().statusCode(200).body("token", is("obf-of-carol"))
                .body("type", is("onbehalf"));
        as(CallerKeys.forUpn(CAROL)).queryParam("ttl", "3600").get("/api/v1/connections/me/token").then()
                .statusCode(200).body("type", is("zak")).body("expires_at", org.hamcrest.Matchers.notNullValue());
        as(CallerKeys.forUpn(CAROL)).queryParam("type", "onbehalf").get("/api/v1/connections/me/token").then()
                .statusCode(400).body("type", containsString("invalid-request")).body("field", is("meetingId"));

        as(CallerKeys.forUpn(BOT)).get("/api/v1/connections/{principal}/token", CAROL).then().statusCode(403);
        as(CallerKeys.forUpn(BOT, CallerPolicy.ADMIN_GROUP)).get("/api/v1/connections/{principal}/token", CAROL)
                .then().statusCode(200).body("token", is("obf-of-carol"));

        zoom.stubFor(post(urlPathEqualTo(PostgresResource.REVOKE_PATH)).willReturn(okJson("{\"status\":\"success\"}")));
        as(CallerKeys.forUpn(CAROL)).delete("/api/v1/connections/me").then().statusCode(204);
        zoom.verify(postRequestedFor(urlPathEqualTo(PostgresResource.REVOKE_PATH)));
        as(CallerKeys.forUpn(CAROL)).get("/api/v1/connections/me").then().statusCode(404)
                .body("type", containsString("not-connected"));
        as(CallerKeys.forUpn(CAROL)).get("/api/v1/connections/me/token").then().statusCode(404)
                .body("type", containsString("not-connected"));
    }

    @Test
    void obfTokensAreNeverCachedAndARefusedRefreshTokenIs409UntilTheUserConnectsAgain() {
        String rita = "rita@example.com";
        connectThroughTheBroker(rita, "code-rita", "access-rita", "zu-rita", 30);
        ConnectionRows.expireAccessToken(postgres.dataSource(), rita);
        zoom.stubFor(
                post(urlPathEqualTo(ZoomMock.OAUTH_PATH)).withRequestBody(containing("refresh_token=r-access-rita"))
                        .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(400)
                                .withHeader("Content-Type", "application/json")
                                .withBody("{\"reason\":\"Invalid Token!\",\"error\":\"invalid_grant\"}")));

        as(CallerKeys.forUpn(rita)).queryParam("type", "onbehalf").queryParam("meeting_id", "81234567890")
                .get("/api/v1/connections/me/token").then().statusCode(409).contentType(containsString("problem+json"))
                .body("type", containsString("reauthorization-required")).body(not(containsString("access-rita")));
        as(CallerKeys.forUpn(rita)).get("/api/v1/connections/me").then().statusCode(200)
                .body("status", is("reauthorization_required"));
        as(CallerKeys.forUpn(rita)).get("/api/v1/connections/me/token").then().statusCode(409);
        zoom.verify(1, postRequestedFor(urlPathEqualTo(ZoomMock.OAUTH_PATH))
                .withRequestBody(containing("grant_type=refresh_token")));

        connectThroughTheBroker(rita, "code-rita-again", "access-rita-2", "zu-rita");
        zoom.stubFor(get(urlPathEqualTo("/v2/users/me/token")).withHeader("Authorization",
                equalTo("Bearer access-rita-2")).willReturn(okJson("{\"token\":\"obf-of-rita\"}")));
        for (int i = 0; i < 2; i++) {
            as(CallerKeys.forUpn(rita)).queryParam("type", "onbehalf").queryParam("meeting_id", "81234567890")
                    .get("/api/v1/connections/me/token").then().statusCode(200).body("token", is("obf-of-rita"));
        }
        zoom.verify(2, com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo(
                "/v2/users/me/token")).withQueryParam("type", equalTo("onbehalf")));
    }

    @Test
    void eachConnectionRequestLogsOneLineWithAPseudonymAndTheMetersNameTheRoute() {
        String erin = "erin@example.com";
        String lines;
        try (dev.zoomtoken.LogCapture logs = dev.zoomtoken.LogCapture.start()) {
            as(CallerKeys.forUpn(erin)).get("/api/v1/connections/me").then().statusCode(404);
            as(CallerKeys.forUpn(BOT, CallerPolicy.ADMIN_GROUP)).get("/api/v1/connections/{principal}/token", erin)
                    .then().statusCode(404);
            lines = logs.text();
        }
        String pseudonym = BrokerRequestLog.pseudonym(erin);
        assertEquals(2, lines.lines().filter(line -> line.contains("broker request") && line.contains("status=404")
                && line.contains("outcome=not-connected") && line.endsWith("user=" + pseudonym)).count(), lines);
        org.junit.jupiter.api.Assertions.assertFalse(lines.contains(erin), lines);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("uri=\"/api/v1/connections/{principal}/token\""))
                .body(not(containsString(erin)));
    }

    @Test
    void aConsentWithoutTheTokenScopeIsA400MissingScopeAtConfirmationAndNothingIsStored() {
        String uma = "uma@example.com";
        zoom.stubFor(post(urlPathEqualTo(PostgresResource.REVOKE_PATH)).willReturn(okJson("{\"status\":\"success\"}")));
        String confirmation = approveAtZoom(uma, "code-uma", "access-uma", "zu-uma", 3600, "user:read:user");
        zoom.verify(postRequestedFor(urlPathEqualTo(PostgresResource.REVOKE_PATH))
                .withRequestBody(containing("access-uma")));

        confirm(uma, confirmation).statusCode(400).contentType(containsString("application/problem+json"))
                .header("Cache-Control", "no-store")
                .body("type", is("urn:zoom-user-token:problem:missing-scope"))
                .body("title", is("Zoom scope not granted"))
                .body("detail", containsString("'user:read:user'")).body("detail", containsString("user:read:token"))
                .body("detail", containsString("user:read:zak")).body(not(containsString("access-uma")));
        as(CallerKeys.forUpn(uma)).get("/api/v1/connections/me").then().statusCode(404);

        connectThroughTheBroker(uma, "code-uma-zak", "access-uma-zak", "zu-uma", 3600, "user:read:zak user:read:user");
        as(CallerKeys.forUpn(uma)).get("/api/v1/connections/me").then().statusCode(200)
                .body("token_types", org.hamcrest.Matchers.contains("zak"));
        as(CallerKeys.forUpn(uma)).queryParam("type", "onbehalf").queryParam("meeting_id", "81234567890")
                .get("/api/v1/connections/me/token").then().statusCode(400)
                .body("type", is("urn:zoom-user-token:problem:missing-scope"));
        zoom.verify(0, com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                urlPathEqualTo("/v2/users/me/token")));
    }

    @Test
    void theCallbackRefusesUnknownReusedOrDeclinedStatesWithoutAnExchange() {
        given().queryParam("code", "c").queryParam("state", "made-up").get("/oauth/zoom/callback").then()
                .statusCode(400).contentType(containsString("application/problem+json"))
                .body("type", containsString("authorization-failed"));
        given().queryParam("error", "access_denied").get("/oauth/zoom/callback").then().statusCode(400);
        zoom.verify(0, postRequestedFor(urlPathEqualTo(ZoomMock.OAUTH_PATH)));
    }

    @Test
    void theWebhookValidatesItsUrlAndDeletesTheConnectionsOfADeauthorizedUserOnlyWhenSignedAndMadeBefore()
            throws Exception {
        long now = java.time.Instant.now().getEpochSecond();
        webhook("{\"event\":\"endpoint.url_validation\",\"payload\":{\"plainToken\":\"plain-abc\"}}", now,
                PostgresResource.WEBHOOK_SECRET).statusCode(200).body("plainToken", is("plain-abc"))
                .body("encryptedToken", is(new WebhookSignature(PostgresResource.WEBHOOK_SECRET,
                        java.time.Clock.systemUTC()).encrypt("plain-abc")));

        connectThroughTheBroker("dana@example.com", "code-dana", "access-dana", "zu-dana");
        java.time.Instant deauthorizedAt = java.time.Instant.now();
        String deauthorized = "{\"event\":\"app_deauthorized\",\"payload\":{\"account_id\":\"acct-zu-dana\","
                + "\"user_id\":\"zu-dana\",\"client_id\":\"" + PostgresResource.CLIENT_ID
                + "\",\"deauthorization_time\":\"" + deauthorizedAt + "\"}}";
        long signedAt = deauthorizedAt.getEpochSecond() + 1;
        webhook(deauthorized, now, "not-the-secret").statusCode(401).body("type", containsString("webhook-rejected"));
        webhook(deauthorized, now - 400, PostgresResource.WEBHOOK_SECRET).statusCode(401);
        given().contentType("application/json").body(deauthorized).post("/api/v1/webhooks/zoom").then().statusCode(401);
        as(CallerKeys.forUpn("dana@example.com")).get("/api/v1/connections/me").then().statusCode(200);

        webhook(deauthorized, signedAt, PostgresResource.WEBHOOK_SECRET).statusCode(200);
        as(CallerKeys.forUpn("dana@example.com")).get("/api/v1/connections/me").then().statusCode(404);
        dev.zoomtoken.internal.connection.AppEndpoint.Delivery told = app.next(sent -> sent.text().contains(
                "\"connection.deauthorized\"") && sent.text().contains("dana@example.com"),
                java.time.Duration.ofSeconds(10));
        new WebhookSignature(PostgresResource.EVENTS_SECRET, java.time.Clock.systemUTC()).verify(told.signature(),
                told.timestamp(), told.body());
        org.junit.jupiter.api.Assertions.assertTrue(told.text().contains("\"zoom_user_id\":\"zu-dana\"")
                && told.text().contains("\"status\":\"deleted\""), told.text());
        webhook(deauthorized, signedAt, PostgresResource.WEBHOOK_SECRET).statusCode(200); // again: nothing left, fine

        // Connected again after the deauthorization: a replay of the same signed event leaves the new connection.
        connectThroughTheBroker("dana@example.com", "code-dana-2", "access-dana-2", "zu-dana");
        webhook(deauthorized, signedAt, PostgresResource.WEBHOOK_SECRET).statusCode(200);
        as(CallerKeys.forUpn("dana@example.com")).get("/api/v1/connections/me").then().statusCode(200);
        String later = deauthorized.replace(deauthorizedAt.toString(), java.time.Instant.now().toString());
        webhook(later, java.time.Instant.now().getEpochSecond() + 1, PostgresResource.WEBHOOK_SECRET).statusCode(200);
        as(CallerKeys.forUpn("dana@example.com")).get("/api/v1/connections/me").then().statusCode(404);

        webhook("{\"event\":\"x\",\"pad\":\"" + "a".repeat(70_000) + "\"}", now, PostgresResource.WEBHOOK_SECRET)
                .statusCode(413);
        webhook("not json", now, PostgresResource.WEBHOOK_SECRET).statusCode(400);
    }

    @Test
    void everyConnectionRouteNeedsACallerJwtButTheCallback() {
        given().post("/api/v1/connections/me/authorize").then().statusCode(401);
        given().get("/api/v1/connections/me").then().statusCode(401);
        given().get("/api/v1/connections/me/token").then().statusCode(401);
        given().delete("/api/v1/connections/me").then().statusCode(401);
        assertEquals(400, given().get("/oauth/zoom/callback").then().extract().statusCode());
    }
}
