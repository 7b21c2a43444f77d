package dev.zoomtoken.internal.broker;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import dev.zoomtoken.LogCapture;
import dev.zoomtoken.ZoomMock;
import dev.zoomtoken.internal.connection.EmbeddedPostgres;
import dev.zoomtoken.internal.connection.PostgresResource;
import dev.zoomtoken.model.Principals;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * The connections API against hostile input, on a real PostgreSQL and a mock Zoom: principals the database would
 * read as another caller's, caches, methods that would mint or consume without a body, malformed and oversized bodies,
 * values from Zoom that do not fit, replayed or future-dated webhook events, authorization floods, framing.
 */
@QuarkusTest
@QuarkusTestResource(value = ZoomMock.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = ZoomMock.SERVER_TO_SERVER_ARG, value = "true"))
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = true)
class ConnectionsEdgeTest extends ConnectedUsersSupport {

    private static final String MEETING = "81234567890";

    EmbeddedPostgres postgres;

    /**
     * Claims whose principal Java tells apart from {@code ali?ce} but PostgreSQL's driver would not (a lone UTF-16
     * surrogate becomes {@code ?}), or which PostgreSQL cannot store (NUL), or which are not text (other controls), or
     * too long: written as raw JSON, since JSON libraries will not write a lone surrogate.
     */
    private static final List<String> MALFORMED_NAME_CLAIMS = List.of(
            "{\"upn\":\"ali\\ud800ce\"}", "{\"upn\":\"ali\\udfffce\"}", "{\"upn\":\"ali\\udbffce\"}",
            "{\"upn\":\"ali\\udc00\\ud800ce\"}", "{\"upn\":\"alice\\ud83d\"}", "{\"upn\":\"\\ude00alice\"}",
            "{\"upn\":\"ali\\u0000ce\"}", "{\"upn\":\"ali\\u0007ce\"}", "{\"upn\":\"alice\\n\"}",
            "{\"upn\":\"ali\\u007fce\"}", "{\"upn\":\"ali\\u0085ce\"}", "{\"preferred_username\":\"ali\\ud800ce\"}",
            "{\"sub\":\"ali\\ud800ce\"}", "{\"upn\":\"" + "a".repeat(Principals.MAX_LENGTH + 1) + "\"}",
            "{\"upn\":\"   \"}");

    @Test
    void aPrincipalThatIsNotWellFormedTextIsRefusedWith401AndNeverReachesAnotherConnection() {
        String alice = "ali?ce";
        connectThroughTheBroker(alice, "code-alice", "access-alice", "zu-alice");
        zoom.stubFor(get(urlPathEqualTo("/v2/users/me/token")).willReturn(okJson("{\"token\":\"zak-of-alice\"}")));

        for (String claims : MALFORMED_NAME_CLAIMS) {
            String jwt = CallerKeys.signRaw(claims);
            for (Supplier<Response> request : List.<Supplier<Response>>of(
                    () -> as(jwt).get("/api/v1/connections/me"),
                    () -> as(jwt).get("/api/v1/connections/me/token"),
                    () -> as(jwt).delete("/api/v1/connections/me"),
                    () -> as(jwt).post("/api/v1/connections/me/authorize"),
                    () -> as(jwt).contentType("application/json").body("{\"confirmation\":\"x\"}")
                            .post("/api/v1/connections/me/confirm"),
                    () -> as(jwt).get("/api/v1/users/alice@example.com/token"))) {
                request.get().then().statusCode(401).contentType(containsString("application/problem+json"))
                        .body("type", containsString("unauthenticated"));
            }
        }
        zoom.verify(0, getRequestedFor(urlPathEqualTo("/v2/users/me/token")));
        as(CallerKeys.forUpn(alice)).get("/api/v1/connections/me").then().statusCode(200)
                .body("zoom_user_id", is("zu-alice"));
        as(CallerKeys.forUpn(alice)).get("/api/v1/connections/me/token").then().statusCode(200)
                .body("token", is("zak-of-alice"));
    }

    @Test
    void anAdminsPathPrincipalThatIsNotWellFormedTextIs400BeforeTheStore() {
        String admin = CallerKeys.forUpn("bot@example.com", CallerPolicy.ADMIN_GROUP);
        for (String principal : List.of("ali%00ce", "ali%07ce", "ali%7Fce", "ali%C2%85ce", "%20%20",
                "a".repeat(Principals.MAX_LENGTH + 1))) {
            RawHttp.Reply reply = RawHttp.get("/api/v1/connections/" + principal + "/token", admin);
            assertEquals(400, reply.status(), principal + ": " + reply.body());
            assertTrue(reply.body().contains("\"field\":\"principal\""), reply.body());
        }
        zoom.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void everyAnswerThatCarriesATokenStateOrCodeSaysNoStoreAndCannotBeFramed() {
        String dora = "dora@example.com";
        String jwt = CallerKeys.forUpn(dora);
        stubGrant("code-dora", "access-dora", "zu-dora", 3600);
        List<Response> secrets = new ArrayList<>();
        Response authorize = as(jwt).post("/api/v1/connections/me/authorize");
        secrets.add(authorize);
        String state = java.net.URLDecoder.decode(authorize.then().extract().<String>path("authorize_url")
                .replaceAll(".*[?&]state=([^&]+).*", "$1"), StandardCharsets.UTF_8);
        Response callback = given().queryParam("code", "code-dora").queryParam("state", state).redirects()
                .follow(false).get("/oauth/zoom/callback");
        secrets.add(callback);
        String confirmation = callback.then().extract().asString().replaceAll("(?s).*<code>([^<]+)</code>.*", "$1");
        Response confirmed = as(jwt).contentType("application/json")
                .body("{\"confirmation\":\"" + confirmation + "\"}").post("/api/v1/connections/me/confirm");
        secrets.add(confirmed);
        zoom.stubFor(get(urlPathEqualTo("/v2/users/me/token")).willReturn(okJson("{\"token\":\"obf-of-dora\"}")));
        secrets.add(as(jwt).queryParam("type", "onbehalf").queryParam("meeting_id", MEETING)
                .get("/api/v1/connections/me/token"));
        secrets.add(as(CallerKeys.forUpn("bot@example.com", CallerPolicy.ADMIN_GROUP)).queryParam("type", "onbehalf")
                .queryParam("meeting_id", MEETING).get("/api/v1/connections/{principal}/token", dora));
        zoom.stubFor(post(urlPathEqualTo(ZoomMock.OAUTH_PATH)).withRequestBody(containing("account_credentials"))
                .willReturn(okJson("{\"access_token\":\"s2s-access\",\"token_type\":\"bearer\",\"expires_in\":3600}")));
        zoom.stubFor(get(urlPathEqualTo("/v2/users/" + dora + "/token")).willReturn(okJson("{\"token\":\"zak-2\"}")));
        secrets.add(as(jwt).get("/api/v1/users/{userId}/token", dora));
        secrets.add(webhook("{\"event\":\"endpoint.url_validation\",\"payload\":{\"plainToken\":\"plain-1\"}}",
                Instant.now().getEpochSecond(), PostgresResource.WEBHOOK_SECRET).extract().response());
        secrets.add(as(jwt).get("/api/v1/connections/me")); // no token, but the connection's account
        secrets.add(as(jwt).get("/api/v1/connections/nobody@example.com/token")); // a problem document

        for (Response answer : secrets) {
            String what = answer.statusCode() + " " + answer.asString();
            assertTrue(answer.statusCode() == 200 || answer.statusCode() == 403, what);
            assertEquals("no-store", answer.header("Cache-Control"), what);
            assertEquals("no-cache", answer.header("Pragma"), what);
            assertEquals("DENY", answer.header("X-Frame-Options"), what);
            assertEquals("frame-ancestors 'none'", answer.header("Content-Security-Policy"), what);
            assertEquals(1, answer.headers().getValues("Cache-Control").size(), what);
        }
    }

    @Test
    void headOptionsAndOtherMethodsOnRoutesThatMintOrConsumeAre405WithoutTouchingZoomOrTheState() {
        String erin = "erin@example.com";
        String jwt = CallerKeys.forUpn(erin);
        connectThroughTheBroker(erin, "code-erin", "access-erin", "zu-erin");
        zoom.resetRequests();
        String admin = CallerKeys.forUpn("bot@example.com", CallerPolicy.ADMIN_GROUP);
        stubGrant("code-erin-2", "access-erin-2", "zu-erin", 3600);
        String state = startAuthorization(jwt);
        String callback = "/oauth/zoom/callback?code=code-erin-2&state="
                + java.net.URLEncoder.encode(state, StandardCharsets.UTF_8);
        String onBehalf = "?type=onbehalf&meeting_id=" + MEETING;
        record Refused(String method, String target, String jwt, String allow) {
        }
        List<Refused> refusals = new ArrayList<>();
        for (String method : List.of("HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE")) {
            refusals.add(new Refused(method, "/api/v1/connections/me/token" + onBehalf, jwt, "GET"));
            refusals.add(new Refused(method, "/api/v1/connections/" + erin + "/token" + onBehalf, admin, "GET"));
            refusals.add(new Refused(method, callback, null, "GET"));
        }
        for (String method : List.of("HEAD", "OPTIONS", "GET", "PUT")) {
            refusals.add(new Refused(method, "/api/v1/connections/me/authorize", jwt, "POST"));
            refusals.add(new Refused(method, "/api/v1/connections/me/confirm", jwt, "POST"));
            refusals.add(new Refused(method, "/api/v1/webhooks/zoom", null, "POST"));
        }
        refusals.add(new Refused("HEAD", "/api/v1/connections/me", jwt, "GET, DELETE"));
        for (Refused refused : refusals) {
            RawHttp.Reply reply = RawHttp
                    .send(refused.method() + " " + refused.target() + " HTTP/1.1\r\nHost: localhost"
                            + "\r\n" + (refused.jwt() == null ? "" : "Authorization: Bearer " + refused.jwt() + "\r\n")
                            + "Content-Length: 0\r\nConnection: close\r\n\r\n");
            String what = refused.method() + " " + refused.target() + " -> " + reply.status();
            assertEquals(405, reply.status(), what);
            assertEquals(refused.allow(), reply.header("Allow"), what);
        }
        zoom.verify(0, anyRequestedFor(anyUrl()));
        // Nothing was consumed: the state still completes, once.
        given().queryParam("code", "code-erin-2").queryParam("state", state).redirects().follow(false)
                .get("/oauth/zoom/callback").then().statusCode(200);
    }

    @Test
    void malformedConfirmationBodiesOfEveryShapeAre400ProblemsAndNothingIsLoggedAtError() {
        String jwt = CallerKeys.forUpn("fay@example.com");
        String lines;
        try (LogCapture logs = LogCapture.start()) {
            for (String[] bodyAndField : new String[][]{
                    { "{\"confirmation\":\"x\",\"confirmation\":\"y\"}", "confirmation" }, { "[]", "body" },
                    { "\"x\"", "body" }, { "42", "body" }, { "null", "body" },
                    { "{\"confirmation\":[\"x\"]}", "confirmation" },
                    { "{\"confirmation\":{\"a\":1}}", "confirmation" }, { "{\"confirmation\":7}", "confirmation" },
                    { "{\"confirmation\":\"x\",\"other\":1}", "other" }, { "{\"a b\":1}", "body" },
                    { "{\"confirmation\":\"x\"} {}", "body" },
                    { "{\"confirmation\":\"x\"", "body" }, { "{not json", "body" }, { "", "body" },
                    { "{}", "confirmation" }, { "{\"confirmation\":null}", "confirmation" } }) {
                as(jwt).contentType("application/json").body(bodyAndField[0]).post("/api/v1/connections/me/confirm")
                        .then().statusCode(400).contentType(containsString("application/problem+json"))
                        .body("type", containsString("invalid-request")).body("field", is(bodyAndField[1]));
            }
            lines = logs.text();
        }
        assertFalse(lines.contains("ERROR"), lines);
    }

    @Test
    void oversizedBodiesAre413AndBodiesOfUndeclaredLength411ProblemsLoggingNoErrorOrStackTrace() {
        String jwt = CallerKeys.forUpn("gus@example.com");
        String big = "{\"confirmation\":\"" + "a".repeat(70_000) + "\"}";
        as(jwt).contentType("application/json").body(big).post("/api/v1/connections/me/confirm").then()
                .statusCode(413).contentType(containsString("application/problem+json")).body("status", is(413));
        String lines;
        RawHttp.Reply chunked;
        try (LogCapture logs = LogCapture.start()) {
            StringBuilder request = new StringBuilder("POST /api/v1/webhooks/zoom HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
            String chunk = "a".repeat(8192);
            for (int i = 0; i < 12; i++) {
                request.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
            }
            chunked = RawHttp.send(request.append("0\r\n\r\n").toString());
            lines = logs.text();
        }
        assertEquals(411, chunked.status(), chunked.body());
        assertTrue(chunked.body().contains("\"status\":411"), chunked.body());
        assertFalse(lines.contains("ERROR"), lines);
        assertFalse(lines.contains("status=500"), lines);
        assertFalse(lines.contains("\tat "), lines);
    }

    @Test
    void aZoomUserIdThatCannotBeStoredEndsTheCallbackWithAProblemRevokesTheGrantAndKeepsNothing() {
        String hal = "hal@example.com";
        String jwt = CallerKeys.forUpn(hal);
        zoom.stubFor(post(urlPathEqualTo(PostgresResource.REVOKE_PATH)).willReturn(okJson("{\"status\":\"success\"}")));
        for (String[] me : new String[][]{ { "z".repeat(65), "acct-1" }, { "zu-hal", "acct/../x" },
                { "zu-hal", null } }) {
            zoom.stubFor(post(urlPathEqualTo(ZoomMock.OAUTH_PATH)).willReturn(okJson("{\"access_token\":\"access-hal\","
                    + "\"token_type\":\"bearer\",\"refresh_token\":\"r-hal\",\"expires_in\":3600,"
                    + "\"scope\":\"user:read:token\"}")));
            zoom.stubFor(get(urlPathEqualTo("/v2/users/me")).willReturn(okJson("{\"id\":\"" + me[0] + "\""
                    + (me[1] == null ? "" : ",\"account_id\":\"" + me[1] + "\"") + "}")));
            String state = startAuthorization(jwt);
            given().queryParam("code", "code-hal").queryParam("state", state).redirects().follow(false)
                    .get("/oauth/zoom/callback").then().statusCode(502)
                    .contentType(containsString("application/problem+json"))
                    .body("type", containsString("upstream-error")).body(not(containsString("access-hal")));
            given().queryParam("code", "code-hal").queryParam("state", state).get("/oauth/zoom/callback").then()
                    .statusCode(400); // the state is used up
        }
        zoom.verify(3, postRequestedFor(urlPathEqualTo(PostgresResource.REVOKE_PATH))
                .withRequestBody(containing("token=access-hal")));
        as(jwt).get("/api/v1/connections/me").then().statusCode(404);
        assertEquals(0, count("SELECT count(*) FROM zoom_user_token_confirmation WHERE principal = ?", hal));
    }

    @Test
    void aFutureDatedOrReplayedDeauthorizationCannotDeleteANewerConnectionAndNoTimestampOverflows() {
        String ivy = "ivy@example.com";
        connectThroughTheBroker(ivy, "code-ivy", "access-ivy", "zu-ivy");
        String event = "{\"event\":\"app_deauthorized\",\"payload\":{\"account_id\":\"acct-zu-ivy\","
                + "\"user_id\":\"zu-ivy\",\"client_id\":\"" + PostgresResource.CLIENT_ID + "\"}}";
        long now = Instant.now().getEpochSecond();
        webhook(event, now + 200, PostgresResource.WEBHOOK_SECRET).statusCode(401)
                .body("type", containsString("webhook-rejected"));
        webhook(event, Long.toString(now - Long.MAX_VALUE - 1), PostgresResource.WEBHOOK_SECRET).statusCode(401);
        webhook(event, Long.toString(Long.MAX_VALUE), PostgresResource.WEBHOOK_SECRET).statusCode(401);
        as(CallerKeys.forUpn(ivy)).get("/api/v1/connections/me").then().statusCode(200);

        // Signed 20 s ahead (within the clock skew allowed): it acts once; replayed after a new connection, never.
        webhook(event, now + 20, PostgresResource.WEBHOOK_SECRET).statusCode(200);
        as(CallerKeys.forUpn(ivy)).get("/api/v1/connections/me").then().statusCode(404);
        connectThroughTheBroker(ivy, "code-ivy-2", "access-ivy-2", "zu-ivy");
        webhook(event, now + 20, PostgresResource.WEBHOOK_SECRET).statusCode(200);
        as(CallerKeys.forUpn(ivy)).get("/api/v1/connections/me").then().statusCode(200);
    }

    @Test
    void aCallerHasAtMostFiveAuthorizationsInProgressAndTheOldestAreDropped() {
        String jack = "jack@example.com";
        String jwt = CallerKeys.forUpn(jack);
        List<String> states = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            states.add(startAuthorization(jwt));
        }
        assertEquals(5, count("SELECT count(*) FROM zoom_user_token_authorization WHERE principal = ?", jack));
        given().queryParam("code", "c").queryParam("state", states.get(34)).get("/oauth/zoom/callback").then()
                .statusCode(400).body("type", containsString("authorization-failed"));
        stubGrant("code-jack", "access-jack", "zu-jack", 3600);
        given().queryParam("code", "code-jack").queryParam("state", states.get(39)).redirects().follow(false)
                .get("/oauth/zoom/callback").then().statusCode(200);
    }

    @Test
    void theConfirmationPageCannotBeFramed() {
        stubGrant("code-kim", "access-kim", "zu-kim", 3600);
        String state = startAuthorization(CallerKeys.forUpn("kim@example.com"));
        given().queryParam("code", "code-kim").queryParam("state", state).get("/oauth/zoom/callback").then()
                .statusCode(200).contentType(containsString("text/html")).header("X-Frame-Options", "DENY")
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Referrer-Policy", "no-referrer");
    }

    private static com.github.tomakehurst.wiremock.matching.StringValuePattern containing(String text) {
        return com.github.tomakehurst.wiremock.client.WireMock.containing(text);
    }

    private long count(String sql, String principal) {
        try (Connection jdbc = postgres.dataSource().getConnection();
                PreparedStatement statement = jdbc
                        .prepareStatement(sql)) {
            statement.setString(1, principal);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
