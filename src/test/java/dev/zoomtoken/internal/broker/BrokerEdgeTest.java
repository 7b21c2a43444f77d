package dev.zoomtoken.internal.broker;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.zoomtoken.internal.broker.UserTokenResourceTest.PATH;
import static dev.zoomtoken.internal.broker.UserTokenResourceTest.as;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.github.tomakehurst.wiremock.client.WireMock;

import dev.zoomtoken.ZoomMock;
import dev.zoomtoken.ZoomMockReset;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The broker's edge against hostile input, sent byte for byte: the user and parameters the broker acts on are the
 * ones in the request as sent, look-alike callers get no one else's token, and nothing reaches Zoom on refusal.
 * Also run against the packaged application by {@code BrokerEdgeIT}.
 */
@QuarkusTest
@QuarkusTestResource(value = ZoomMock.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = CallerKeys.class, restrictToAnnotatedClass = true)
class BrokerEdgeTest extends ZoomMockReset {

    static final String USERS = "/api/v1/users/";
    static final String KATE = "kate@example.com";
    static final String ZAK = "zak-edge-7c1e.signature";

    /** After {@link ZoomMockReset} emptied the mock: every user has a ZAK. */
    @BeforeEach
    void stubTokens() {
        zoom.stubFor(get(urlPathMatching("/v2/users/.+/token")).willReturn(okJson("{\"token\":\"" + ZAK + "\"}")));
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
            // the user segment, exactly as sent
            "a;b=c/token                           | 400 | userId",
            "kate@example.com;x=y/token            | 400 | userId",
            "kate@example.com%3Bx=y/token          | 400 | userId",
            "kate%3b/token                         | 400 | userId",
            "./token                               | 400 | userId",
            "../token                              | 400 | userId",
            "%2e%2e/token                          | 400 | userId",
            "%2E/token                             | 400 | userId",
            ".%2e/token                            | 400 | userId",
            "a%2Fb/token                           | 400 | userId",
            "kate@example.com%2f..%2fbob@example.com/token | 400 | userId",
            "a%00b/token                           | 400 | userId",
            "kate@example.com%00/token             | 400 | userId",
            "a%01b/token                           | 400 | userId",
            "a%7Fb/token                           | 400 | userId",
            "a%0d%0aX-Injected:%201/token          | 400 | userId",
            "%C3%28@example.com/token              | 400 | userId",
            "%E2%84%AAate@example.com/token        | 400 | userId",
            "/token                                | 400 | userId",
            // the query, exactly as sent
            "kate@example.com/token?type=          | 400 | type",
            "kate@example.com/token?type           | 400 | type",
            "kate@example.com/token?type=zak&ttl=  | 400 | ttl",
            "kate@example.com/token?type=onbehalf&meeting_id= | 400 | meetingId",
            "kate@example.com/token?type=zak&type=token | 400 | type",
            "kate@example.com/token?ttl=60&ttl=120 | 400 | ttl",
            "kate@example.com/token?type=onbehalf&meeting_id=1&meeting_id=2 | 400 | meetingId",
            "kate@example.com/token?TYPE=token     | 400 | query",
            "kate@example.com/token?Ttl=5          | 400 | query",
            "kate@example.com/token?%74ype=token   | 400 | query",
            "kate@example.com/token?unknown=1      | 400 | query",
            "kate@example.com/token?type=zak&      | 400 | query",
            "kate@example.com/token?&type=zak      | 400 | query",
            "kate@example.com/token?type=zak;ttl=5 | 400 | type",
            "kate@example.com/token?type=ZAK       | 400 | type",
            "kate@example.com/token?type=ZA%E2%84%AA | 400 | type",
            "kate@example.com/token?type=zak%00    | 400 | type",
            "kate@example.com/token?ttl=%D9%A1%D9%A2%D9%A3 | 400 | ttl",
            "kate@example.com/token?ttl=%EF%BC%91%EF%BC%92 | 400 | ttl",
            "kate@example.com/token?ttl=%E0%A5%A7%E0%A5%A8 | 400 | ttl",
            "kate@example.com/token?ttl=%E0%B9%91  | 400 | ttl",
            "kate@example.com/token?ttl=+60        | 400 | ttl",
            "kate@example.com/token?ttl=60%20      | 400 | ttl",
            "kate@example.com/token?type=onbehalf&meeting_id=%D9%A1 | 400 | meetingId",
    })
    void hostileTargetsAreRefusedWithoutCallingZoom(String target, int status, String field) {
        RawHttp.Reply reply = RawHttp.get(USERS + target, CallerKeys.forUpn(KATE, CallerPolicy.ADMIN_GROUP));

        assertProblemReply(reply, status, "invalid-request");
        assertEquals(field, JsonPath.from(reply.body()).getString("field"), reply.body());
        zoom.verify(0, anyRequestedFor(anyUrl()));
    }

    /**
     * Targets that Vert.x's HTTP codec refuses itself, before any application code: 400 with an empty body (the
     * README says so), and never a call to Zoom.
     */
    @ParameterizedTest
    @CsvSource({ "a%zz/token", "a%4/token", "a%/token", "kate@example.com/token?type=z%zzak", "a\\b/token",
            "a{b}/token" })
    void targetsTheCodecRefusesNeverReachZoom(String target) {
        RawHttp.Reply reply = RawHttp.get(USERS + target, CallerKeys.forUpn(KATE, CallerPolicy.ADMIN_GROUP));

        assertEquals(400, reply.status(), reply.toString());
        zoom.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void requestsWithoutHostOrWithATargetThatIsNoPathAreProblems() {
        RawHttp.Reply noHost = RawHttp
                .send("GET " + USERS + "victim@example.com/token HTTP/1.1\r\nAuthorization: Bearer "
                        + CallerKeys.forUpn("victim@example.com") + "\r\nConnection: close\r\n\r\n");
        assertProblemReply(noHost, 400, "http-400");
        assertFalse(noHost.body().contains("victim"), noHost.body());
        assertProblemReply(RawHttp.send("GET * HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"), 404,
                "http-404");
        assertProblemReply(RawHttp.send("OPTIONS * HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"), 404,
                "http-404");
        zoom.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void overlongUserSegmentAndQueryAreRefused() {
        String admin = CallerKeys.forUpn(KATE, CallerPolicy.ADMIN_GROUP);
        assertProblemReply(RawHttp.get(USERS + "a".repeat(300) + "@example.com/token", admin), 400, "invalid-request");
        assertProblemReply(RawHttp.get(USERS + "%61".repeat(300) + "/token", admin), 400, "invalid-request");
        assertProblemReply(RawHttp.get(USERS + KATE + "/token?ttl=" + "1".repeat(600), admin), 400, "invalid-request");
        zoom.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void percentEncodedEmailIsTheSameUser() {
        RawHttp.Reply reply = RawHttp.get(USERS + "kate%40example.com/token?type=zak&ttl=60", CallerKeys.forUpn(KATE));

        assertEquals(200, reply.status(), reply.body());
        zoom.verify(1, getRequestedFor(urlPathEqualTo("/v2/users/kate@example.com/token"))
                .withQueryParam("ttl", WireMock.equalTo("60")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "upn                | \u212Aate@example.com",
            "preferred_username | \u212Aate@example.com",
            "sub                | \u212Aate@example.com",
            "upn                | kate@example.\u212A",
            "upn                | \u212Bate@example.com",
            "upn                | \uFF4Bate@example.com",
            "upn                | ka\u0301te@example.com",
            "upn                | 'kate@example.com '",
            "upn                | kate@example.com;x",
    })
    void lookAlikeCallersGetNoOneElsesToken(String claim, String name) {
        String jwt = CallerKeys.sign(CallerKeys.claims().claim(claim, name), "test-private-key.pem");

        assertProblemReply(RawHttp.get(USERS + KATE + "/token", jwt), 403, "forbidden");
        zoom.verify(0, anyRequestedFor(anyUrl()));
    }

    @ParameterizedTest
    @CsvSource({ "ME, ME", "mE, ME", "me, me", "Me, mE" })
    void meInAnyCaseIsAdminOnly(String caller, String asked) {
        assertProblemReply(RawHttp.get(USERS + asked + "/token", CallerKeys.forUpn(caller)), 403, "forbidden");
        zoom.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void adminsMeInAnyCaseIsSentAsMe() {
        RawHttp.Reply reply = RawHttp.get(USERS + "mE/token",
                CallerKeys.forUpn("ops@example.com", CallerPolicy.ADMIN_GROUP));

        assertEquals(200, reply.status(), reply.body());
        zoom.verify(1, getRequestedFor(urlPathEqualTo("/v2/users/me/token")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "upn number                | {\"upn\": 42}",
            "upn list                  | {\"upn\": [\"kate@example.com\"]}",
            "upn object                | {\"upn\": {\"name\": \"kate@example.com\"}}",
            "upn null                  | {\"upn\": null, \"sub\": \"kate@example.com\"}",
            "preferred_username number | {\"preferred_username\": 7}",
            "sub list                  | {\"sub\": [\"kate@example.com\"]}",
            "groups string             | {\"upn\": \"kate@example.com\", \"groups\": \"zoom-token-admin\"}",
            "groups spaced string      | {\"upn\": \"kate@example.com\", \"groups\": \"foo zoom-token-admin\"}",
            "groups number             | {\"upn\": \"kate@example.com\", \"groups\": 1}",
            "groups object             | {\"upn\": \"kate@example.com\", \"groups\": {\"zoom-token-admin\": true}}",
            "groups mixed list         | {\"upn\": \"kate@example.com\", \"groups\": [\"zoom-token-admin\", 1]}",
    })
    void identityClaimsOfTheWrongTypeAreUnauthenticated(String what, String claimsJson) {
        JsonObject claims = Json.createReader(new StringReader(claimsJson)).readObject();
        String jwt = CallerKeys.sign(CallerKeys.claims(claims), "test-private-key.pem");
        JsonObject sent = Json.createReader(new StringReader(new String(
                Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8))).readObject();
        for (String name : claims.keySet()) {
            assertEquals(claims.get(name), sent.get(name), what + ": the test JWT does not carry the claim as written");
        }

        RawHttp.Reply reply = RawHttp.get(USERS + KATE + "/token", jwt);

        assertProblemReply(reply, 401, "unauthenticated");
        zoom.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void twoAuthorizationHeadersAreRefused() {
        String kate = CallerKeys.forUpn(KATE);
        String admin = CallerKeys.forUpn("ops@example.com", CallerPolicy.ADMIN_GROUP);
        for (String[] order : List.of(new String[]{ kate, admin }, new String[]{ admin, kate })) {
            RawHttp.Reply reply = RawHttp.send("GET " + USERS + "bob@example.com/token HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + order[0] + "\r\nAuthorization: Bearer " + order[1] + "\r\n"
                    + "Connection: close\r\n\r\n");
            assertProblemReply(reply, 400, "invalid-request");
            assertEquals("Authorization", JsonPath.from(reply.body()).getString("field"));
        }
        zoom.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void headNeverMintsAToken() {
        RawHttp.Reply reply = RawHttp.send("HEAD " + USERS + KATE + "/token HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + CallerKeys.forUpn(KATE) + "\r\nConnection: close\r\n\r\n");

        assertEquals(405, reply.status(), reply.toString());
        assertEquals("GET", reply.header("Allow"));
        zoom.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void requestsWithABodyAreRefusedBeforeZoom() {
        String auth = "Authorization: Bearer " + CallerKeys.forUpn(KATE) + "\r\n";
        String head = "GET " + USERS + KATE + "/token HTTP/1.1\r\nHost: localhost\r\n" + auth + "Connection: close\r\n";
        for (String request : List.of(
                head + "Content-Length: 5\r\n\r\nhello",
                head + "Transfer-Encoding: chunked\r\n\r\nzz\r\nnot-a-chunk\r\n",
                head + "Transfer-Encoding: chunked\r\n\r\n5\r\nhel")) {
            RawHttp.Reply reply = RawHttp.send(request);
            // A chunk Vert.x cannot decode ends the connection in its codec, before any reply (-1).
            assertTrue(reply.status() == 400 || (reply.status() == -1 && request.contains("chunked")),
                    request.replace("\r\n", "|") + " -> " + reply);
        }
        zoom.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void junkPathsAddNoMetricSeries() {
        String kate = CallerKeys.forUpn(KATE);
        as(kate).get(PATH, KATE).then().statusCode(200);
        given().delete(PATH, "carol@example.com").then().statusCode(405);
        sendJunk("first", kate);
        Set<String> before = httpSeries();

        sendJunk("marker", kate);

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertEquals(before, httpSeries(), "junk requests added HTTP metric series");
        assertFalse(metrics.contains("victim") || metrics.contains("marker") || metrics.contains("evil"), metrics);
        assertFalse(Pattern.compile("[\\x00-\\x09\\x0b-\\x1f\\x7f]").matcher(metrics).find(),
                "a control byte in /q/metrics");
        zoom.verify(1, anyRequestedFor(anyUrl()));
    }

    /** Requests outside every route template, each path carrying {@code word}, with and without a caller JWT. */
    private static void sendJunk(String word, String jwt) {
        List<String> junk = List.of("//evil.example/api/v1/users/victim-" + word + "@example.com/token",
                "/x%01%7f-" + word, "/api/v1/users/victim@example.com/token%00" + word, "*",
                "/api/v1/users/victim@example.com/token/" + word,
                "/api/v1/users/victim@example.com;m=" + word + "/token",
                "/q/victim-" + word + "@example.com", "/api/v1/users/victim%40example.com/" + word,
                "/" + word + "/victim@example.com");
        for (String path : junk) {
            for (String method : List.of("GET", "POST", "DELETE", "PUT", "HEAD")) {
                RawHttp.send(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            }
            RawHttp.get(path, jwt);
        }
    }

    /** The tag sets of http_server_requests_seconds_count, one per series. */
    private static Set<String> httpSeries() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher series = Pattern.compile("(?m)^http_server_requests_seconds_count\\{([^}]*)\\}").matcher(metrics);
        return series.results().map(m -> m.group(1)).collect(Collectors.toCollection(TreeSet::new));
    }

    static void assertProblemReply(RawHttp.Reply reply, int status, String type) {
        assertEquals(status, reply.status(), reply.toString());
        assertEquals("application/problem+json", reply.header("Content-Type"), reply.toString());
        JsonPath body = JsonPath.from(reply.body());
        assertEquals("urn:zoom-user-token:problem:" + type, body.getString("type"), reply.body());
        assertEquals(status, body.getInt("status"), reply.body());
        assertFalse(reply.body().contains("Exception") || reply.body().contains("\tat ")
                || reply.body().contains(ZAK) || reply.body().contains(ZoomMock.ACCESS_TOKEN), reply.body());
    }
}
