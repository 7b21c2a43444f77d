package dev.zoomtoken.internal.metrics;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.zoomtoken.MockZoomSupport;
import dev.zoomtoken.ZoomMock;
import dev.zoomtoken.ZoomUserTokens;
import dev.zoomtoken.model.UserTokenRequest;
import dev.zoomtoken.model.ZoomServerException;
import dev.zoomtoken.model.ZoomUserNotFoundException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = ZoomMock.class, restrictToAnnotatedClass = true)
class ZoomMetricsTest extends MockZoomSupport {

    @Inject
    ZoomUserTokens tokens;

    @Test
    void requestsAreCountedByTypeAndOutcomeWithBoundedSeries() {
        zoom.stubFor(get(urlPathMatching("/v2/users/user.*/token")).willReturn(okJson("{\"token\":\"zak-value-123\"}")
                .withHeader("X-RateLimit-Remaining", "17")));
        zoom.stubFor(get(urlPathMatching("/v2/users/ghost.*/token")).willReturn(aResponse().withStatus(404)
                .withBody("{\"code\":1001,\"message\":\"User does not exist\"}")));
        String before = scrape();
        double successBefore = value(before, "zoom_token_requests_seconds_count{outcome=\"success\",type=\"zak\"}");
        double notFoundBefore = value(before, "zoom_token_requests_seconds_count{outcome=\"not_found\",type=\"zak\"}");

        requests(0, 10);
        String afterTen = scrape();
        requests(10, 110);
        String afterHundred = scrape();

        assertEquals(successBefore + 110,
                value(afterHundred, "zoom_token_requests_seconds_count{outcome=\"success\",type=\"zak\"}"));
        assertEquals(notFoundBefore + 110,
                value(afterHundred, "zoom_token_requests_seconds_count{outcome=\"not_found\",type=\"zak\"}"));
        assertEquals(17, value(afterHundred, "zoom_api_rate_limit_remaining"),
                afterHundred.lines().filter(l -> l.contains("rate_limit")).collect(Collectors.joining("\n")));
        assertTrue(afterHundred.contains("zoom_token_requests_seconds_bucket{"), "latency histogram missing");
        assertEquals(series(afterTen), series(afterHundred), "series must not grow with the number of users");
        assertEquals("",
                afterHundred.lines().filter(line -> line.contains("example.com") || line.contains("zak-value-123"))
                        .limit(5).collect(Collectors.joining("\n")),
                "a user id or token leaked into metrics");
    }

    @Test
    void retriesAreCountedByFaultTolerance() {
        zoom.stubFor(get(urlPathMatching("/v2/users/.+/token")).willReturn(aResponse().withStatus(503)));
        String method = "method=\"dev.zoomtoken.internal.client.ZoomApiClient.getUserToken\"";
        String retries = "ft_retry_retries_total{" + method + "}";
        String before = scrape();

        assertThrows(ZoomServerException.class, () -> tokens.zak("retry@example.com"));

        String after = scrape();
        assertEquals(value(before, retries) + 3, value(after, retries),
                after.lines().filter(l -> l.startsWith("ft_retry")).collect(Collectors.joining("\n")));
        String failedCalls = "ft_circuitbreaker_calls_total{circuitBreakerResult=\"failure\"," + method + "}";
        assertEquals(value(before, failedCalls) + 4, value(after, failedCalls),
                "every attempt is counted by the breaker");
        assertTrue(after.contains("ft_circuitbreaker_state_current{" + method + ",state=\"open\"}"),
                "breaker state missing");
    }

    @Test
    void retriesAreCountedByCallAndReason() {
        String first = "first-attempt";
        zoom.stubFor(get(urlPathMatching("/v2/users/flaky.*/token")).inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo(first));
        zoom.stubFor(get(urlPathMatching("/v2/users/flaky.*/token")).inScenario("flaky").whenScenarioStateIs(first)
                .willReturn(okJson("{\"token\":\"zak-after-503\"}")));
        zoom.stubFor(get(urlPathMatching("/v2/users/busy.*/token")).inScenario("busy").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0")
                        .withHeader("X-RateLimit-Type", "QPS")
                        .withBody("{\"code\":429,\"message\":\"You have reached the maximum per-second rate limit\"}"))
                .willSetStateTo(first));
        zoom.stubFor(get(urlPathMatching("/v2/users/busy.*/token")).inScenario("busy").whenScenarioStateIs(first)
                .willReturn(okJson("{\"token\":\"zak-after-429\"}")));
        String before = scrape();
        String serverError = "zoom_retries_total{call=\"user_token\",reason=\"server_error\"}";
        String rateLimited = "zoom_retries_total{call=\"user_token\",reason=\"rate_limited\"}";

        assertEquals("zak-after-503", tokens.zak("flaky@example.com").value());
        assertEquals("zak-after-429", tokens.zak("busy@example.com").value());

        String after = scrape();
        assertEquals(value(before, serverError) + 1, value(after, serverError));
        assertEquals(value(before, rateLimited) + 1, value(after, rateLimited));
    }

    private void requests(int from, int to) {
        for (int i = from; i < to; i++) {
            tokens.zak("user" + i + "@example.com");
            assertThrows(ZoomUserNotFoundException.class,
                    () -> tokens.get(UserTokenRequest.zak("ghost" + from + "@example.com")));
        }
    }

    private static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static double value(String metrics, String series) {
        return metrics.lines().filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
                .findFirst().orElse(0);
    }

    private static Set<String> series(String metrics) {
        return Arrays.stream(metrics.split("\n"))
                .filter(line -> line.startsWith("zoom_") || line.startsWith("ft_") || line.startsWith("http_server"))
                .map(line -> line.substring(0, line.lastIndexOf(' ')))
                .collect(Collectors.toSet());
    }
}
