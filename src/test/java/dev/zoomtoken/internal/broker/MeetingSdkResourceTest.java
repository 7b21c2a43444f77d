package dev.zoomtoken.internal.broker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.zoomtoken.LogCapture;
import dev.zoomtoken.MockZoomSupport;
import dev.zoomtoken.ZoomMock;
import dev.zoomtoken.internal.connection.PostgresResource;
import dev.zoomtoken.internal.meetingsdk.MeetingSdkJwts;
import dev.zoomtoken.internal.meetingsdk.MeetingSdkTestClock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * {@code POST /api/v1/meeting-sdk/signature} on a WireMock Zoom and a real PostgreSQL, signed with the connected users'
 * app (no {@code zoom.meeting-sdk.*} set: the fallback): every signature verified by jose4j with that app's secret and
 * its claims checked against a fixed clock; a host's ZAK from the account, an OBF token of a connection; each row of
 * the body's rules refused with its field, each refusal without a Zoom call; authorization of users and connections;
 * no secret, signature, ZAK or OBF token in the logs.
 */
@QuarkusTest
@QuarkusTestResource(value = ZoomMock.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = ZoomMock.SERVER_TO_SERVER_ARG, value = "true"))
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = true)
class MeetingSdkResourceTest extends MockZoomSupport {

    static final String PATH = "/api/v1/meeting-sdk/signature";
    private static final String SECRET = PostgresResource.CLIENT_SECRET;
    private static final Instant NOW = Instant.parse("2026-12-07T10:15:30.250Z");
    private static final long IAT = NOW.getEpochSecond();
    private static final String MEETING = "81234567890";
    private static final String ALICE = "alice@example.com";
    private static final String ZAK = "zak-of-alice-4f9e1c";
    private static final String OBF = "obf-of-sdk-carol-8d2b7a";

    @BeforeEach
    void fixTheClockAndStubZoom() {
        MeetingSdkTestClock.set(NOW);
        zoom.stubFor(post(urlPathEqualTo(ZoomMock.OAUTH_PATH)).withRequestBody(containing("account_credentials"))
                .willReturn(okJson("{\"access_token\":\"s2s-access-token-77\",\"token_type\":\"bearer\","
                        + "\"expires_in\":3600}")));
        zoom.stubFor(get(urlPathEqualTo("/v2/users/" + ALICE + "/token")).withQueryParam("type", equalTo("zak"))
                .willReturn(okJson("{\"token\":\"" + ZAK + "\"}").withHeader("x-zm-trackingid", "track-zak")));
    }

    @AfterEach
    void systemClock() {
        MeetingSdkTestClock.reset();
    }

    static RequestSpecification as(String jwt) {
        return given().header("Authorization", "Bearer " + jwt).contentType("application/json");
    }

    private static ValidatableResponse sign(String jwt, String body) {
        return as(jwt).body(body).post(PATH).then();
    }

    /** The verified claims of a 200 answer, after checking what every one carries. */
    private static JsonNode signedIn(ValidatableResponse response) {
        String signature = response.statusCode(200).contentType("application/json")
                .header("Cache-Control", "no-store").header("Pragma", "no-cache")
                .body("sdk_key", is(PostgresResource.CLIENT_ID))
                .body("expires_at", is(Instant.ofEpochSecond(IAT + 7_200).toString()))
                .extract().path("signature");
        JsonNode claims = MeetingSdkJwts.verifiedClaims(signature, SECRET);
        assertEquals(PostgresResource.CLIENT_ID, claims.get("appKey").textValue());
        assertEquals(PostgresResource.CLIENT_ID, claims.get("sdkKey").textValue());
        assertTrue(claims.get("iat").isIntegralNumber() && claims.get("exp").isIntegralNumber(), claims.toString());
        assertEquals(IAT, claims.get("iat").longValue());
        assertEquals(claims.get("exp"), claims.get("tokenExp"));
        return claims;
    }

    private void assertNoZoomCall() {
        assertEquals(List.of(), zoom.getAllServeEvents().stream().map(event -> event.getRequest().getUrl())
                .collect(Collectors.toList()), "a refused request called Zoom");
    }

    private static ValidatableResponse assertRefused(ValidatableResponse response, int status, String problem) {
        return UserTokenResourceTest.assertProblem(response, status, problem).body("signature", nullValue())
                .body(not(containsString("eyJ"))).header("Cache-Control", "no-store");
    }

    @Test
    void aHostStartsWithTheSignatureAndItsOwnZak() {
        ValidatableResponse response = sign(CallerKeys.forUpn(ALICE),
                "{\"meeting_number\":\"" + MEETING + "\",\"role\":\"host\"}");

        JsonNode claims = signedIn(response.body("zak", is(ZAK)).body("role", is(1))
                .body("meeting_number", is(MEETING)).body("obf_token", nullValue())
                .header("x-zm-trackingid", "track-zak"));
        assertEquals(List.of("appKey", "sdkKey", "mn", "role", "iat", "exp", "tokenExp", "video_webrtc_mode"),
                MeetingSdkJwts.names(claims));
        assertEquals(MEETING, claims.get("mn").textValue());
        assertEquals(1, claims.get("role").intValue());
        assertEquals(IAT + 7_200, claims.get("exp").longValue());
        assertEquals(0, claims.get("video_webrtc_mode").intValue());
        zoom.verify(1, getRequestedFor(urlPathEqualTo("/v2/users/" + ALICE + "/token"))
                .withQueryParam("type", equalTo("zak")));
    }

    @Test
    void aParticipantGetsTheSignatureAloneWithoutAZoomCall() {
        JsonNode claims = signedIn(sign(CallerKeys.forUpn("dana@example.com"), "{\"meeting_number\":\"" + MEETING
                + "\",\"role\":\"participant\",\"video_webrtc_mode\":1}").body("role", is(0))
                .body("zak", nullValue()).body("obf_token", nullValue()));
        assertEquals(0, claims.get("role").intValue());
        assertEquals(1, claims.get("video_webrtc_mode").intValue());
        assertNoZoomCall();
    }

    @Test
    void aNativeClientsSignatureNamesNoMeetingAndTheLifetimeBoundsSign() {
        for (long lifetime : new long[]{ 1_800, 172_800 }) {
            String signature = sign(CallerKeys.forUpn(ALICE), "{\"client\":\"native\",\"user_token\":\"zak\","
                    + "\"meeting_number\":\"" + MEETING + "\",\"expires_in\":" + lifetime + "}").statusCode(200)
                    .header("Cache-Control", "no-store").body("role", nullValue()).body("zak", is(ZAK))
                    .body("meeting_number", is(MEETING))
                    .body("expires_at", is(Instant.ofEpochSecond(IAT + lifetime).toString()))
                    .extract().path("signature");
            JsonNode claims = MeetingSdkJwts.verifiedClaims(signature, SECRET);
            assertEquals(List.of("appKey", "sdkKey", "iat", "exp", "tokenExp"), MeetingSdkJwts.names(claims));
            assertEquals(IAT + lifetime, claims.get("exp").longValue());
        }
    }

    @Test
    void anObfJoinOfTheCallersConnectionAndOfAnotherPrincipalsForAdminsOnly() {
        String carol = "sdk-carol@example.com";
        connect(carol, "code-sdk-carol", "access-sdk-carol", "zu-sdk-carol");
        zoom.resetRequests();
        zoom.stubFor(get(urlPathEqualTo("/v2/users/me/token")).withHeader("Authorization",
                equalTo("Bearer access-sdk-carol")).willReturn(okJson("{\"token\":\"" + OBF + "\"}")));
        String join = "{\"meeting_number\":\"" + MEETING + "\",\"role\":\"participant\",\"user_token\":\"onbehalf\","
                + "\"from\":\"connection\"";

        JsonNode claims = signedIn(sign(CallerKeys.forUpn(carol), join + "}").body("obf_token", is(OBF))
                .body("zak", nullValue()).body("role", is(0)));
        assertEquals(MEETING, claims.get("mn").textValue());
        zoom.verify(1, getRequestedFor(urlPathEqualTo("/v2/users/me/token")).withQueryParam("type",
                equalTo("onbehalf")).withQueryParam("meeting_id", equalTo(MEETING)));

        zoom.resetRequests();
        assertRefused(sign(CallerKeys.forUpn("bot@example.com"), join + ",\"principal\":\"" + carol + "\"}"), 403,
                "forbidden");
        assertNoZoomCall();
        signedIn(sign(CallerKeys.forUpn("bot@example.com", CallerPolicy.ADMIN_GROUP), join + ",\"principal\":\""
                + carol + "\"}").body("obf_token", is(OBF)));
        zoom.verify(1, getRequestedFor(urlPathEqualTo("/v2/users/me/token")));

        zoom.resetRequests();
        assertRefused(sign(CallerKeys.forUpn("nobody-connected@example.com"), join + "}"), 404, "not-connected");
        assertNoZoomCall();
    }

    @Test
    void theAccountsZakOnlyForTheCallersOwnUserUnlessAdmin() {
        String bob = "bob@example.com";
        String host = "{\"meeting_number\":\"" + MEETING + "\",\"role\":\"host\",\"user\":\"";
        assertRefused(sign(CallerKeys.forUpn(ALICE), host + bob + "\"}"), 403, "forbidden");
        assertRefused(sign(CallerKeys.forUpn(ALICE), host + "me\"}"), 403, "forbidden");
        assertRefused(sign(CallerKeys.forUpn("svc account"), "{\"meeting_number\":\"" + MEETING
                + "\",\"role\":\"host\"}"), 403, "forbidden");
        assertRefused(sign(CallerKeys.forUpn("\u212A" + ALICE.substring(1)), "{\"meeting_number\":\"" + MEETING
                + "\",\"role\":\"host\"}"), 403, "forbidden");
        assertNoZoomCall();

        signedIn(sign(CallerKeys.forUpn("Alice@Example.com"), host + ALICE + "\"}").body("zak", is(ZAK)));
        zoom.stubFor(get(urlPathEqualTo("/v2/users/" + bob + "/token")).willReturn(okJson("{\"token\":\"zak-bob\"}")));
        zoom.stubFor(get(urlPathEqualTo("/v2/users/me/token")).willReturn(okJson("{\"token\":\"zak-me\"}")));
        String admin = CallerKeys.forUpn("ops@example.com", CallerPolicy.ADMIN_GROUP);
        signedIn(sign(admin, host + bob + "\"}").body("zak", is("zak-bob")));
        signedIn(sign(admin, host + "ME\"}").body("zak", is("zak-me")));
        zoom.verify(getRequestedFor(urlPathEqualTo("/v2/users/me/token")).withQueryParam("type", equalTo("zak")));
    }

    static Stream<Arguments> refusedBodies() {
        String web = "\"meeting_number\":\"" + MEETING + "\",\"role\":\"participant\"";
        String host = "\"meeting_number\":\"" + MEETING + "\",\"role\":\"host\"";
        return Stream.of(
                Arguments.of("", "body"),
                Arguments.of("not json", "body"),
                Arguments.of("[{" + web + "}]", "body"),
                Arguments.of("\"" + MEETING + "\"", "body"),
                Arguments.of("{" + web + "} {}", "body"),
                Arguments.of("{" + web + "", "body"),
                Arguments.of("{" + web + ",}", "body"),
                Arguments.of("{'role':'participant'}", "body"),
                Arguments.of("{" + web + ",\"meeting_number\":\"" + MEETING + "\"}", "meeting_number"),
                Arguments.of("{" + web + ",\"role\":\"host\"}", "role"),
                Arguments.of("{" + web + ",\"signature\":\"x\"}", "signature"),
                Arguments.of("{" + web + ",\"Role\":\"host\"}", "Role"),
                Arguments.of("{" + web + ",\"bad name\\n\":1}", "body"),
                Arguments.of("{\"meeting_number\":81234567890,\"role\":\"participant\"}", "meeting_number"),
                Arguments.of("{\"meeting_number\":\"8123-4567\",\"role\":\"participant\"}", "meeting_number"),
                Arguments.of("{\"meeting_number\":\"\",\"role\":\"participant\"}", "meeting_number"),
                Arguments.of("{\"role\":\"participant\"}", "meeting_number"),
                Arguments.of("{\"client\":\"native\",\"user_token\":\"onbehalf\",\"from\":\"connection\"}",
                        "meeting_number"),
                Arguments.of("{\"client\":\"native\",\"meeting_number\":\"12ab\"}", "meeting_number"),
                Arguments.of("{\"meeting_number\":\"" + MEETING + "\"}", "role"),
                Arguments.of("{\"meeting_number\":\"" + MEETING + "\",\"role\":\"HOST\"}", "role"),
                Arguments.of("{\"meeting_number\":\"" + MEETING + "\",\"role\":1}", "role"),
                Arguments.of("{\"meeting_number\":\"" + MEETING + "\",\"role\":null}", "role"),
                Arguments.of("{\"client\":\"native\",\"role\":\"participant\"}", "role"),
                Arguments.of("{" + web + ",\"client\":\"ios\"}", "client"),
                Arguments.of("{" + web + ",\"client\":[\"web\"]}", "client"),
                Arguments.of("{" + host + ",\"user_token\":\"none\"}", "user_token"),
                Arguments.of("{" + host + ",\"user_token\":\"onbehalf\",\"from\":\"connection\"}", "user_token"),
                Arguments.of("{" + web + ",\"user_token\":\"token\"}", "user_token"),
                Arguments.of("{" + web + ",\"user_token\":\"ZAK\"}", "user_token"),
                Arguments.of("{" + web + ",\"user_token\":\"onbehalf\"}", "from"),
                Arguments.of("{" + web + ",\"user_token\":\"onbehalf\",\"from\":\"account\"}", "from"),
                Arguments.of("{" + host + ",\"from\":\"bank\"}", "from"),
                Arguments.of("{" + web + ",\"from\":\"account\"}", "from"),
                Arguments.of("{" + web + ",\"user\":\"" + ALICE + "\"}", "user"),
                Arguments.of("{" + host + ",\"from\":\"connection\",\"user\":\"" + ALICE + "\"}", "user"),
                Arguments.of("{" + host + ",\"user\":\"alice/../x\"}", "user"),
                Arguments.of("{" + host + ",\"user\":\"\"}", "user"),
                Arguments.of("{" + host + ",\"user\":{\"id\":\"x\"}}", "user"),
                Arguments.of("{" + web + ",\"principal\":\"" + ALICE + "\"}", "principal"),
                Arguments.of("{" + host + ",\"principal\":\"" + ALICE + "\"}", "principal"),
                Arguments.of("{" + host + ",\"from\":\"connection\",\"principal\":\"a\\u0000b\"}", "principal"),
                Arguments.of("{" + host + ",\"from\":\"connection\",\"principal\":\"\"}", "principal"),
                Arguments.of("{" + host + ",\"from\":\"connection\",\"principal\":\"" + "p".repeat(321) + "\"}",
                        "principal"),
                Arguments.of("{" + web + ",\"expires_in\":1799}", "expires_in"),
                Arguments.of("{" + web + ",\"expires_in\":172801}", "expires_in"),
                Arguments.of("{" + web + ",\"expires_in\":-7200}", "expires_in"),
                Arguments.of("{" + web + ",\"expires_in\":\"7200\"}", "expires_in"),
                Arguments.of("{" + web + ",\"expires_in\":7200.0}", "expires_in"),
                Arguments.of("{" + web + ",\"expires_in\":7.2e3}", "expires_in"),
                Arguments.of("{" + web + ",\"expires_in\":99999999999999999999}", "expires_in"),
                Arguments.of("{" + web + ",\"video_webrtc_mode\":2}", "video_webrtc_mode"),
                Arguments.of("{" + web + ",\"video_webrtc_mode\":true}", "video_webrtc_mode"),
                Arguments.of("{" + web + ",\"video_webrtc_mode\":\"1\"}", "video_webrtc_mode"),
                Arguments.of("{\"client\":\"native\",\"video_webrtc_mode\":0}", "video_webrtc_mode"));
    }

    @ParameterizedTest
    @MethodSource("refusedBodies")
    void eachRuleRefusesWithItsFieldAndWithoutAZoomCall(String body, String field) {
        assertRefused(sign(CallerKeys.forUpn(ALICE), body), 400, "invalid-request").body("field", is(field));
        assertNoZoomCall();
    }

    @Test
    void aBodyThatIsNotUtf8OrNotSentAsJsonIsRefused() {
        byte[] latin1 = ("{\"meeting_number\":\"" + MEETING + "\",\"role\":\"participant\",\"user\":\"j\u00f6rg\"}")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertRefused(as(CallerKeys.forUpn(ALICE)).body(latin1).post(PATH).then(), 400, "invalid-request")
                .body("field", is("body"));
        assertRefused(given().header("Authorization", "Bearer " + CallerKeys.forUpn(ALICE)).contentType("text/plain")
                .body("{\"meeting_number\":\"" + MEETING + "\",\"role\":\"participant\"}").post(PATH).then(), 415,
                "http-415");
        assertNoZoomCall();
    }

    @Test
    void onlyPostIsServedAndOnlyToAuthenticatedCallers() {
        String jwt = CallerKeys.forUpn(ALICE);
        for (String method : List.of("GET", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS")) {
            RawHttp.Reply reply = RawHttp.send(method + " " + PATH + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                    + "Bearer " + jwt + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close"
                    + "\r\n\r\n{}");
            assertEquals(405, reply.status(), method + ": " + reply.body());
            assertEquals("POST", reply.header("Allow"), method);
        }
        String body = "{\"meeting_number\":\"" + MEETING + "\",\"role\":\"host\"}";
        assertRefused(given().contentType("application/json").body(body).post(PATH).then(), 401, "unauthenticated");
        assertRefused(sign("not-a-jwt", body), 401, "unauthenticated");
        assertRefused(sign(CallerKeys.unsigned(ALICE), body), 401, "unauthenticated");
        assertNoZoomCall();
    }

    @Test
    void zoomsRefusalsAreTheExistingRoutesProblemsAndSignNothing() {
        String admin = CallerKeys.forUpn("ops@example.com", CallerPolicy.ADMIN_GROUP);
        String host = "{\"meeting_number\":\"" + MEETING + "\",\"role\":\"host\",\"user\":\"";
        zoom.stubFor(get(urlPathEqualTo("/v2/users/ghost@example.com/token")).willReturn(aResponse().withStatus(404)
                .withBody("{\"code\":1001,\"message\":\"User does not exist: ghost@example.com.\"}")));
        zoom.stubFor(get(urlPathEqualTo("/v2/users/limited@example.com/token")).willReturn(aResponse().withStatus(429)
                .withHeader("X-RateLimit-Type", "Daily-limit").withHeader("Retry-After", "2099-01-01T00:00:00Z")));
        assertRefused(sign(admin, host + "ghost@example.com\"}"), 404, "user-not-found").body("zoom_code",
                is(1001));
        assertRefused(sign(admin, host + "limited@example.com\"}"), 429, "rate-limited").header("Retry-After",
                org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void logsCarryNoSecretSignatureZakOrObfTokenAndOneLinePerRequest() {
        String erin = "sdk-erin@example.com";
        connect(erin, "code-sdk-erin", "access-sdk-erin", "zu-sdk-erin");
        String obf = "obf-of-sdk-erin-5c3e";
        zoom.stubFor(get(urlPathEqualTo("/v2/users/me/token")).withHeader("Authorization",
                equalTo("Bearer access-sdk-erin")).willReturn(okJson("{\"token\":\"" + obf + "\"}")));
        String alice = CallerKeys.forUpn(ALICE);
        String text;
        List<String> signatures;
        try (LogCapture logs = LogCapture.start()) {
            signatures = List.of(
                    sign(alice, "{\"meeting_number\":\"" + MEETING + "\",\"role\":\"host\"}").statusCode(200)
                            .extract().path("signature"),
                    sign(CallerKeys.forUpn(erin), "{\"meeting_number\":\"" + MEETING + "\",\"role\":\"participant\","
                            + "\"user_token\":\"onbehalf\",\"from\":\"connection\"}").statusCode(200)
                            .extract().path("signature"),
                    sign(alice, "{\"client\":\"native\"}").statusCode(200).extract().path("signature"));
            sign(alice, "{\"meeting_number\":\"" + MEETING + "\",\"role\":\"host\",\"user\":\"bob@example.com\"}")
                    .statusCode(403);
            sign(alice, "{\"meeting_number\":\"" + MEETING + "\",\"role\":\"host\",\"extra\":\"" + SECRET + "\"}")
                    .statusCode(400);
            text = logs.text();
        }
        assertTrue(text.contains("DEBUG"), "debug logging was not on");
        for (String secret : Stream.concat(Stream.of(SECRET, ZAK, obf, alice, "access-sdk-erin"),
                signatures.stream().flatMap(jwt -> Stream.of(jwt, jwt.substring(jwt.lastIndexOf('.') + 1))))
                .collect(Collectors.toList())) {
            assertFalse(text.contains(secret), "leaked " + secret + " in:\n" + text);
        }
        List<String> lines = text.lines().filter(line -> line.contains("broker request method=POST"))
                .collect(Collectors.toList());
        assertEquals(5, lines.size(), text);
        assertTrue(lines.get(0).matches(".* status=200 zoom_tracking_id=track-zak latency_ms=\\d+ user="
                + BrokerRequestLog.pseudonym(ALICE)), lines.get(0));
        assertTrue(lines.get(1).endsWith(" user=" + BrokerRequestLog.pseudonym(erin)), lines.get(1));
        assertTrue(lines.get(2).endsWith(" user=" + BrokerRequestLog.NOBODY), lines.get(2));
        assertTrue(lines.get(3).contains("outcome=forbidden"), lines.get(3));
        assertTrue(lines.get(4).contains("outcome=invalid-request") && lines.get(4).endsWith(" user=-"), lines.get(4));
        assertFalse(lines.stream().anyMatch(line -> line.contains("@example.com")), text);
    }

    @Test
    void openApiDescribesTheRouteItsBodyAndItsProblems() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).body(allOf(
                containsString("\"" + PATH + "\""), containsString("\"operationId\" : \"signMeetingSdk\""),
                containsString("\"MeetingSdkSignatureRequest\""), containsString("\"MeetingSdkSignIn\""),
                containsString("\"additionalProperties\" : false"), containsString("\"participant\""),
                containsString("\"onbehalf\""), containsString("\"connection\""), containsString("\"native\""),
                containsString("\"minimum\" : 1800"), containsString("\"maximum\" : 172800"),
                containsString("\"obf_token\""), containsString("\"405\""), containsString("\"409\""),
                containsString("no-store")));
    }

    /** Connects {@code principal} as Zoom user {@code zoomUser} through the broker, as a browser would. */
    private void connect(String principal, String code, String access, String zoomUser) {
        zoom.stubFor(post(urlPathEqualTo(ZoomMock.OAUTH_PATH)).withRequestBody(containing("code=" + code + "&"))
                .willReturn(okJson("{\"access_token\":\"" + access + "\",\"token_type\":\"bearer\","
                        + "\"refresh_token\":\"r-" + access + "\",\"expires_in\":3600,"
                        + "\"scope\":\"user:read:token\"}")));
        zoom.stubFor(get(urlPathEqualTo("/v2/users/me")).withHeader("Authorization", equalTo("Bearer " + access))
                .willReturn(okJson("{\"id\":\"" + zoomUser + "\",\"account_id\":\"acct-" + zoomUser + "\"}")));
        String url = as(CallerKeys.forUpn(principal)).post("/api/v1/connections/me/authorize").then().statusCode(200)
                .extract().path("authorize_url");
        String state = Stream.of(URI.create(url).getRawQuery().split("&")).filter(pair -> pair.startsWith("state="))
                .map(pair -> URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8)).findFirst().orElseThrow();
        String page = given().queryParam("code", code).queryParam("state", state).redirects().follow(false)
                .get("/oauth/zoom/callback").then().statusCode(200).extract().asString();
        as(CallerKeys.forUpn(principal)).body("{\"confirmation\":\"" + page.replaceAll("(?s).*<code>([^<]+)</code>.*",
                "$1") + "\"}").post("/api/v1/connections/me/confirm").then().statusCode(200);
    }
}
