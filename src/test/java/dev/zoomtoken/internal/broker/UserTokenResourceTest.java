package dev.zoomtoken.internal.broker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.github.tomakehurst.wiremock.client.WireMock;

import dev.zoomtoken.ZoomMock;
import dev.zoomtoken.ZoomMockReset;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** The broker's HTTP contract, against WireMock as Zoom. Also run against the packaged app by UserTokenResourceIT. */
@QuarkusTest
@QuarkusTestResource(value = ZoomMock.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = CallerKeys.class, restrictToAnnotatedClass = true)
class UserTokenResourceTest extends ZoomMockReset {

    static final String PATH = "/api/v1/users/{userId}/token";
    static final String ZAK = "zak-from-zoom-e4d2b1.signature";
    static final String ALICE = "alice@example.com";

    @Test
    void ownZakByDefault() {
        stubToken(ALICE, ZAK);

        as(CallerKeys.forUpn(ALICE)).get(PATH, ALICE).then()
                .statusCode(200)
                .contentType("application/json")
                .body("token", equalTo(ZAK), "type", equalTo("zak"), "$", not(hasKey("expires_at")));
        zoom.verify(1, getRequestedFor(urlPathEqualTo("/v2/users/alice@example.com/token"))
                .withQueryParam("type", WireMock.equalTo("zak"))
                .withHeader("Authorization", WireMock.equalTo("Bearer " + ZoomMock.ACCESS_TOKEN)));
    }

    @Test
    void ttlGivesExpiresAt() {
        stubToken(ALICE, ZAK);
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        String expiresAt = as(CallerKeys.forUpn(ALICE)).queryParam("ttl", 3600).get(PATH, ALICE).then()
                .statusCode(200).body("type", equalTo("zak")).extract().path("expires_at");

        Instant expiry = Instant.parse(expiresAt);
        assertTrue(!expiry.isBefore(before.plusSeconds(3600)) && !expiry.isAfter(Instant.now().plusSeconds(3600)),
                expiresAt);
        assertTrue(expiresAt.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), expiresAt);
        zoom.verify(1, getRequestedFor(anyUrl()).withQueryParam("ttl", WireMock.equalTo("3600")));
    }

    @Test
    void onBehalfWithMeetingId() {
        stubToken(ALICE, "obf-token-value");

        as(CallerKeys.forUpn(ALICE)).queryParam("type", "onbehalf").queryParam("meeting_id", "81234567890")
                .get(PATH, ALICE).then()
                .statusCode(200).body("token", equalTo("obf-token-value"), "type", equalTo("onbehalf"));
        zoom.verify(1, getRequestedFor(anyUrl()).withQueryParam("type", WireMock.equalTo("onbehalf"))
                .withQueryParam("meeting_id", WireMock.equalTo("81234567890")));
    }

    @Test
    void principalIsComparedIgnoringCase() {
        stubToken(ALICE, ZAK);

        as(CallerKeys.forUpn("Alice@Example.COM")).get(PATH, ALICE).then().statusCode(200);
    }

    @Test
    void preferredUsernameThenSubjectNameTheCaller() {
        stubToken(ALICE, ZAK);
        stubToken("KdYKjnimT4KPd8FFgQt9FQ", ZAK);

        as(CallerKeys.sign(CallerKeys.claims().preferredUserName(ALICE), "test-private-key.pem"))
                .get(PATH, ALICE).then().statusCode(200);
        as(CallerKeys.sign(CallerKeys.claims().subject("KdYKjnimT4KPd8FFgQt9FQ"), "test-private-key.pem"))
                .get(PATH, "KdYKjnimT4KPd8FFgQt9FQ").then().statusCode(200);
    }

    @Test
    void adminMayGetAnyoneAndMe() {
        stubToken("bob@example.com", ZAK);
        stubToken("me", "app-user-zak");
        String admin = CallerKeys.forUpn("ops@example.com", CallerPolicy.ADMIN_GROUP);

        as(admin).get(PATH, "bob@example.com").then().statusCode(200).body("token", equalTo(ZAK));
        as(admin).get(PATH, "me").then().statusCode(200).body("token", equalTo("app-user-zak"));
    }

    @Test
    void anotherUsersTokenIsForbidden() {
        assertProblem(as(CallerKeys.forUpn(ALICE)).get(PATH, "bob@example.com").then(), 403, "forbidden");
        assertProblem(as(CallerKeys.forUpn(ALICE, "some-other-group")).get(PATH, "me").then(), 403, "forbidden");
        assertProblem(as(CallerKeys.forUpn("alice@example.com.evil.example")).get(PATH, ALICE).then(), 403,
                "forbidden");
        zoom.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void callersWithoutAValidJwtAreUnauthenticated() {
        String[] bad = {
                null,
                "not-a-jwt",
                CallerKeys.unsigned(ALICE),
                CallerKeys.sign(CallerKeys.claims().upn(ALICE), "other-private-key.pem"),
                CallerKeys.claims().upn(ALICE).groups(CallerPolicy.ADMIN_GROUP)
                        .signWithSecret("an-hs256-shared-secret-that-is-at-least-32-bytes-long"),
                CallerKeys.sign(CallerKeys.claims().upn(ALICE).issuer("https://issuer.evil.example"),
                        "test-private-key.pem"),
                CallerKeys.sign(CallerKeys.claims().upn(ALICE).issuedAt(Instant.now().minusSeconds(7200))
                        .expiresAt(Instant.now().minusSeconds(3600)), "test-private-key.pem"),
        };
        for (String jwt : bad) {
            ValidatableResponse response = (jwt == null ? given() : as(jwt)).get(PATH, ALICE).then();
            assertProblem(response, 401, "unauthenticated").header("WWW-Authenticate", "Bearer");
        }
        assertProblem(given().header("Authorization", "Basic YWxpY2U6cGFzcw==").get(PATH, ALICE).then(), 401,
                "unauthenticated");
        zoom.verify(0, anyRequestedFor(anyUrl()));
    }

    @ParameterizedTest
    @ValueSource(strings = { "ttl=68423085", "ttl=0", "ttl=abc", "ttl=-5", "ttl=1.5", "type=zpk", "type=onbehalf",
            "type=onbehalf&meeting_id=12ab", "type=token&ttl=60", "meeting_id=81234567890" })
    void invalidQueriesAreRejectedWithoutCallingZoom(String query) {
        String field = query.contains("meeting_id") || query.equals("type=onbehalf") ? "meetingId"
                : query.startsWith("type=zpk") ? "type" : "ttl";

        assertProblem(as(CallerKeys.forUpn(ALICE)).get(PATH + "?" + query, ALICE).then(), 400, "invalid-request")
                .body("field", equalTo(field));
        zoom.verify(0, anyRequestedFor(anyUrl()));
    }

    @ParameterizedTest
    @ValueSource(strings = { "alice smith@example.com", "al%ice@example.com", "alice@", "élise@example.com" })
    void invalidUserIdsAreRejectedWithoutCallingZoom(String userId) {
        assertProblem(as(CallerKeys.forUpn(userId)).get(PATH, userId).then(), 400, "invalid-request")
                .body("field", equalTo("userId"));
        zoom.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void unknownUserIs404WithZoomCodeAndTrackingId() {
        zoom.stubFor(get(urlPathEqualTo("/v2/users/alice@example.com/token")).willReturn(aResponse().withStatus(404)
                .withHeader("x-zm-trackingid", "track-404")
                .withBody("{\"code\":1001,\"message\":\"User does not exist: alice@example.com.\"}")));

        assertProblem(as(CallerKeys.forUpn(ALICE)).get(PATH, ALICE).then(), 404, "user-not-found")
                .body("zoom_code", equalTo(1001), "tracking_id", equalTo("track-404"),
                        "detail", containsString("User does not exist"));
    }

    @Test
    void nullTokenIs422WithTheReason() {
        zoom.stubFor(get(urlPathMatching("/v2/users/.+/token")).willReturn(okJson("{\"token\":null}")));

        assertProblem(as(CallerKeys.forUpn(ALICE)).queryParam("type", "token").get(PATH, ALICE).then(), 422,
                "no-token-issued").body("detail", containsString("Google or Facebook"));
    }

    @Test
    void dailyRateLimitIs429WithRetryAfterSeconds() {
        Instant reset = Instant.now().plus(2, ChronoUnit.HOURS);
        zoom.stubFor(get(urlPathMatching("/v2/users/.+/token")).willReturn(aResponse().withStatus(429)
                .withHeader("X-RateLimit-Type", "Daily-limit").withHeader("Retry-After", reset.toString())
                .withBody(
                        "{\"code\":429,\"message\":\"You have reached the maximum daily rate limit for this API.\"}")));

        String retryAfter = assertProblem(as(CallerKeys.forUpn(ALICE)).get(PATH, ALICE).then(), 429, "rate-limited")
                .body("zoom_code", equalTo(429)).extract().header("Retry-After");

        long seconds = Long.parseLong(retryAfter);
        assertTrue(seconds > 7100 && seconds <= 7200, retryAfter);
    }

    @Test
    void zoomRejectingTheBrokersCredentialsIs502() {
        zoom.stubFor(get(urlPathMatching("/v2/users/.+/token")).willReturn(aResponse().withStatus(401)
                .withBody("{\"code\":124,\"message\":\"Invalid access token.\"}")));
        assertProblem(as(CallerKeys.forUpn(ALICE)).get(PATH, ALICE).then(), 502, "upstream-error")
                .body("zoom_code", equalTo(124));

        zoom.stubFor(get(urlPathMatching("/v2/users/.+/token")).willReturn(aResponse().withStatus(400)
                .withBody(
                        "{\"code\":4700,\"message\":\"Invalid access token, does not contain "
                                + "scopes:[user:read:token:admin]\"}")));
        assertProblem(as(CallerKeys.forUpn(ALICE)).get(PATH, ALICE).then(), 502, "upstream-error")
                .body("zoom_code", equalTo(4700), "detail", containsString("user:read:token:admin"));
    }

    @Test
    void malformedZoomReplyIs502() {
        zoom.stubFor(get(urlPathMatching("/v2/users/.+/token")).willReturn(okJson("{\"token\": \"" + ZAK + "\"")));

        String body = assertProblem(as(CallerKeys.forUpn(ALICE)).get(PATH, ALICE).then(), 502, "upstream-error")
                .extract().asString();

        assertFalse(body.contains(ZAK), body);
    }

    @Test
    void unknownPathsAndMethodsKeepTheirStatus() {
        assertProblem(as(CallerKeys.forUpn(ALICE)).get("/api/v1/nothing-here").then(), 404, "http-404");
        assertProblem(as(CallerKeys.forUpn(ALICE)).delete(PATH, ALICE).then(), 405, "http-405");
    }

    @Test
    void metricsNeverCarryTheUserId() {
        stubToken(ALICE, ZAK);
        as(CallerKeys.forUpn(ALICE)).get(PATH, ALICE).then().statusCode(200);
        as(CallerKeys.forUpn(ALICE)).delete(PATH, "carol@example.com").then().statusCode(405);
        as(CallerKeys.forUpn(ALICE)).get(PATH, "dave@example.com").then().statusCode(403);
        given().get(PATH, "erin@example.com").then().statusCode(401);

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();

        assertTrue(metrics.contains("uri=\"/api/v1/users/{userId}/token\""), "broker requests not measured");
        assertFalse(metrics.contains("example.com") || metrics.contains(ZAK), "a user id or token leaked into metrics");
    }

    @Test
    void openApiDescribesTheEndpoint() {
        given().queryParam("format", "json").get("/q/openapi").then()
                .statusCode(200)
                .body(allOf(containsString("/api/v1/users/{userId}/token"), containsString("meeting_id"),
                        containsString("expires_at"), containsString("application/problem+json"),
                        containsString("tracking_id"), containsString("\"429\""), containsString("\"504\""),
                        containsString("\"operationId\" : \"getUserToken\""), containsString("\"pattern\""),
                        not(containsString("\"SecurityScheme\""))));
    }

    @Test
    void openApiDefinesEachSharedAnswerThatItRefersToAndRefersToEachOne() {
        String document = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract()
                .asString();
        JsonPath json = JsonPath.from(document);
        for (String kind : List.of("responses", "headers")) {
            Set<String> referred = new TreeSet<>();
            Matcher ref = Pattern.compile("\"#/components/" + kind + "/([^\"]+)\"").matcher(document);
            while (ref.find()) {
                referred.add(ref.group(1));
            }
            Map<String, Object> defined = json.getMap("components." + kind);
            assertFalse(referred.isEmpty(), kind);
            assertNotNull(defined, kind);
            assertEquals(referred, new TreeSet<>(defined.keySet()), kind);
        }
        assertTrue(json.getMap("components.responses.'" + BrokerOpenApi.UNAUTHENTICATED + "'.headers")
                .containsKey("WWW-Authenticate"));
        assertTrue(json.getMap("components.responses.'" + BrokerOpenApi.RATE_LIMITED + "'.headers")
                .containsKey("Retry-After"));
    }

    static ValidatableResponse assertProblem(ValidatableResponse response, int status, String name) {
        return response.statusCode(status)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:zoom-user-token:problem:" + name),
                        "title", notNullValue(),
                        "status", equalTo(status),
                        "detail", notNullValue())
                .body(not(containsString("Exception")), not(containsString("\tat ")),
                        not(containsString(ZoomMock.ACCESS_TOKEN)));
    }

    static RequestSpecification as(String jwt) {
        return given().header("Authorization", "Bearer " + jwt);
    }

    private void stubToken(String userId, String token) {
        zoom.stubFor(get(urlPathEqualTo("/v2/users/" + userId + "/token"))
                .willReturn(okJson("{\"token\":\"" + token + "\"}")));
    }
}
