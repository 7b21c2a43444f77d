package dev.zoomtoken.internal.broker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.zoomtoken.internal.broker.UserTokenResourceTest.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.zoomtoken.ZoomMock;
import dev.zoomtoken.ZoomMockReset;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The broker in Server-to-Server mode, as it runs in production: concurrent first callers share one access-token
 * request, tokens go out with that token, refusals are problem documents, and the metrics count what happened. Run
 * against the packaged application by {@link ServerToServerBrokerIT}, which also trains the AOT cache ({@code -Daot}).
 */
@QuarkusTest
@QuarkusTestResource(value = ZoomMock.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = ZoomMock.SERVER_TO_SERVER_ARG, value = "true"))
@QuarkusTestResource(value = CallerKeys.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerToServerBrokerTest extends ZoomMockReset {

    private static final String PATH = "/api/v1/users/{userId}/token";
    private static final String ACCESS_TOKEN = "s2s-broker-access-7Hq2";

    private void stubZoom() {
        zoom.stubFor(post(urlPathEqualTo(ZoomMock.OAUTH_PATH)).willReturn(okJson("{\"access_token\":\"" + ACCESS_TOKEN
                + "\",\"token_type\":\"bearer\",\"expires_in\":3600,\"scope\":\"user:read:token:admin\"}")
                .withFixedDelay(300)));
        zoom.stubFor(get(urlPathMatching("/v2/users/[^/]+/token")).withHeader("Authorization",
                equalTo("Bearer " + ACCESS_TOKEN)).willReturn(okJson("{\"token\":\"zak-s2s-broker\"}")));
        zoom.stubFor(get(urlPathEqualTo("/v2/users/ghost@example.com/token")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"code\":1001,\"message\":\"User does not exist: ghost@example.com.\"}")));
    }

    @Test
    @Order(1)
    void concurrentFirstCallersShareOneAccessTokenRequest() throws Exception {
        stubZoom();
        String admin = CallerKeys.forUpn("bot@example.com", CallerPolicy.ADMIN_GROUP);
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String user = "s2s-user" + i + "@example.com";
                calls.add(callers.submit(() -> given().header("Authorization", "Bearer " + admin).get(PATH, user)
                        .then().extract().statusCode()));
            }
            for (Future<Integer> call : calls) {
                assertEquals(200, call.get(30, TimeUnit.SECONDS));
            }
        } finally {
            callers.shutdownNow();
        }
        zoom.verify(1, postRequestedFor(urlPathEqualTo(ZoomMock.OAUTH_PATH)));
        zoom.verify(16, getRequestedFor(urlPathMatching("/v2/users/[^/]+/token"))
                .withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN)));
    }

    @Test
    @Order(2)
    void tokensProblemsHealthAndMetrics() {
        stubZoom();
        String alice = "alice@example.com";
        given().header("Authorization", "Bearer " + CallerKeys.forUpn(alice)).get(PATH, alice).then().statusCode(200)
                .body("token", is("zak-s2s-broker"));
        assertProblem(given().header("Authorization", "Bearer " + CallerKeys.forUpn("ghost@example.com"))
                .get(PATH, "ghost@example.com").then(), 404, "user-not-found");
        assertProblem(given().header("Authorization", "Bearer " + CallerKeys.forUpn(alice))
                .queryParam("type", "onbehalf").get(PATH, alice).then(), 400, "invalid-request");
        assertProblem(given().get(PATH, alice).then(), 401, "unauthenticated");

        given().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("zoom_token_requests_seconds_count{"))
                .body(containsString("zoom_oauth_token_requests_total"))
                .body(not(containsString(ACCESS_TOKEN))).body(not(containsString(alice)));
    }
}
