package dev.zoomtoken.internal.broker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.zoomtoken.internal.broker.UserTokenResourceTest.PATH;
import static dev.zoomtoken.internal.broker.UserTokenResourceTest.as;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.http.Fault;

import dev.zoomtoken.LogCapture;
import dev.zoomtoken.MockZoomSupport;
import dev.zoomtoken.ZoomMock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The per-request log line, and the whole error matrix at DEBUG without a secret in the output. */
@QuarkusTest
@QuarkusTestResource(value = ZoomMock.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = CallerKeys.class, restrictToAnnotatedClass = true)
class BrokerLogsTest extends MockZoomSupport {

    private static final String ZAK = "zak-secret-value-91ab";
    private static final String OBF = "obf-secret-value-27cd";

    @Test
    void oneLinePerRequestWithoutTheEmailInClear() {
        zoom.stubFor(get(urlPathEqualTo("/v2/users/alice@example.com/token"))
                .willReturn(okJson("{\"token\":\"" + ZAK + "\"}").withHeader("x-zm-trackingid", "track-ok")));

        List<String> lines;
        try (LogCapture logs = LogCapture.start()) {
            as(CallerKeys.forUpn("alice@example.com")).get(PATH, "alice@example.com").then().statusCode(200)
                    .header("x-zm-trackingid", "track-ok");
            lines = requestLines(logs);
        }

        assertEquals(1, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).startsWith("INFO [" + BrokerRequestLog.CATEGORY + "] "), lines.get(0));
        String line = lines.get(0);
        assertTrue(line.startsWith("INFO"), line);
        String pseudonym = BrokerRequestLog.pseudonym("alice@example.com");
        for (String part : List.of("method=GET", "outcome=success", "status=200", "zoom_tracking_id=track-ok",
                "latency_ms=", "user=" + pseudonym)) {
            assertTrue(line.contains(part), "missing " + part + " in " + line);
        }
        assertFalse(line.contains("alice@example.com"), line);
        assertEquals(pseudonym, BrokerRequestLog.pseudonym("Alice@Example.com"));
    }

    @Test
    void errorMatrixAtDebugLeaksNoSecret() {
        String alice = CallerKeys.forUpn("alice@example.com");
        String admin = CallerKeys.forUpn("ops@example.com", CallerPolicy.ADMIN_GROUP);
        zoom.stubFor(get(urlPathEqualTo("/v2/users/alice@example.com/token"))
                .willReturn(okJson("{\"token\":\"" + ZAK + "\"}")));
        zoom.stubFor(get(urlPathEqualTo("/v2/users/bob@example.com/token"))
                .willReturn(okJson("{\"token\":\"" + OBF + "\"}")));
        zoom.stubFor(get(urlPathEqualTo("/v2/users/ghost@example.com/token")).willReturn(aResponse().withStatus(404)
                .withBody("{\"code\":1001,\"message\":\"User does not exist: ghost@example.com.\"}")));
        zoom.stubFor(get(urlPathEqualTo("/v2/users/null@example.com/token")).willReturn(okJson("{\"token\":null}")));
        zoom.stubFor(get(urlPathEqualTo("/v2/users/limited@example.com/token")).willReturn(aResponse().withStatus(429)
                .withHeader("X-RateLimit-Type", "Daily-limit").withHeader("Retry-After", "2099-01-01T00:00:00Z")));
        zoom.stubFor(get(urlPathEqualTo("/v2/users/broken@example.com/token"))
                .willReturn(okJson("{\"token\":\"" + ZAK + "\"")));
        zoom.stubFor(get(urlPathEqualTo("/v2/users/reset@example.com/token"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        zoom.stubFor(get(urlPathEqualTo("/v2/users/denied@example.com/token")).willReturn(aResponse().withStatus(401)
                .withBody("{\"code\":124,\"message\":\"Invalid access token.\"}")));

        String text;
        try (LogCapture logs = LogCapture.start()) {
            as(alice).get(PATH, "alice@example.com").then().statusCode(200);
            as(admin).queryParam("type", "onbehalf").queryParam("meeting_id", "81234567890")
                    .get(PATH, "bob@example.com")
                    .then().statusCode(200);
            as(admin).get(PATH, "ghost@example.com").then().statusCode(404);
            as(admin).queryParam("type", "token").get(PATH, "null@example.com").then().statusCode(422);
            as(admin).get(PATH, "limited@example.com").then().statusCode(429);
            as(admin).get(PATH, "broken@example.com").then().statusCode(502);
            as(admin).get(PATH, "denied@example.com").then().statusCode(502);
            breakers.resetAll(); // the malformed reply above counts towards the test profile's 4-call breaker window
            as(admin).get(PATH, "reset@example.com").then().statusCode(502);
            as(admin).get(PATH, "alice@example.com").then().statusCode(503); // the resets opened the breaker
            as(alice).get(PATH, "bob@example.com").then().statusCode(403);
            as(alice).queryParam("ttl", "68423085").get(PATH, "alice@example.com").then().statusCode(400);
            as("not-a-jwt").get(PATH, "alice@example.com").then().statusCode(401);
            given().get(PATH, "alice@example.com").then().statusCode(401);
            text = logs.text();
            assertEquals(13, requestLines(logs).size(), text);
        }

        assertTrue(text.contains("DEBUG"), "debug logging was not on");
        for (String secret : List.of(ZoomMock.ACCESS_TOKEN, ZAK, OBF, alice, admin,
                alice.substring(alice.lastIndexOf('.') + 1))) {
            assertFalse(text.contains(secret), "leaked a secret in:\n" + text);
        }
        assertFalse(requestLines(text).stream().anyMatch(line -> line.contains("@example.com")), text);
    }

    @Test
    void hostileRequestsLogNoUserIdOrPathInClear() {
        String victim = "victim-7f3a@example.com";
        String lookAlike = CallerKeys.sign(CallerKeys.claims().upn("\u212A" + victim.substring(1)),
                "test-private-key.pem");
        String text;
        try (LogCapture logs = LogCapture.start()) {
            RawHttp.send("GET /api/v1/users/" + victim + "/token HTTP/1.1\r\nConnection: close\r\n\r\n");
            RawHttp.get("/api/v1/users/" + victim + ";x=y/token", lookAlike);
            RawHttp.get("/api/v1/users/" + victim + "/token?type=ZAK", lookAlike);
            RawHttp.get("/api/v1/users/" + victim + "/token", lookAlike);
            RawHttp.get("/api/v1/users/" + victim + "/token", CallerKeys.sign(CallerKeys.claims()
                    .upn(victim).claim("groups", "x " + CallerPolicy.ADMIN_GROUP), "test-private-key.pem"));
            RawHttp.get("//evil.example/" + victim, null);
            RawHttp.get("/" + victim, null);
            RawHttp.send("HEAD /api/v1/users/" + victim + "/token HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            text = logs.text();
        }

        assertTrue(text.contains("DEBUG"), "debug logging was not on");
        assertFalse(text.contains("victim-7f3a"), "a user id or path in clear:\n" + text);
        assertFalse(text.contains("ERROR"), "hostile input logged as an error:\n" + text);
        assertFalse(text.contains(lookAlike), text);
    }

    private static List<String> requestLines(LogCapture logs) {
        return requestLines(logs.text());
    }

    private static List<String> requestLines(String text) {
        return text.lines().filter(line -> line.contains("broker request method=")).collect(Collectors.toList());
    }
}
