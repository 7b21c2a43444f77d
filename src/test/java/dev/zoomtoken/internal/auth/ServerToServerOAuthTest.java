package dev.zoomtoken.internal.auth;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.zoomtoken.LogCapture;
import dev.zoomtoken.MockZoomSupport;
import dev.zoomtoken.ZoomMock;
import dev.zoomtoken.ZoomUserTokens;
import dev.zoomtoken.model.UserToken;
import dev.zoomtoken.model.UserTokenRequest;
import dev.zoomtoken.model.ZoomAuthenticationException;
import dev.zoomtoken.model.ZoomOAuthException;
import dev.zoomtoken.model.ZoomUserTokenException;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;

@QuarkusTest
@QuarkusTestResource(value = ZoomMock.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = ZoomMock.SERVER_TO_SERVER_ARG, value = "true"))
class ServerToServerOAuthTest extends MockZoomSupport {

    private static final String OAUTH = ZoomMock.OAUTH_PATH;
    private static final String TOKEN_PATH = "/v2/users/[^/]+/token";
    private static final List<String> ACCESS_TOKENS = List.of("s2s-access-old-111", "s2s-access-new-222",
            "s2s-access-short-333", "s2s-access-next-444");
    private static final String ZAK = "zak-issued-with-s2s-0f0f";
    private static final String TOKEN_REQUESTS = "zoom_oauth_token_requests_total";
    private static final String TOKEN_FAILURES = "zoom_oauth_token_failures_total";

    @Inject
    ZoomUserTokens tokens;

    @Inject
    AccessTokenProvider accessTokens;

    @BeforeEach
    @AfterEach
    void forgetAccessTokens() {
        ACCESS_TOKENS.forEach(value -> accessTokens.rejected(new AccessToken(value, null)));
    }

    @Test
    void requestsTokensWithBasicAuthAndFormBodyAndReusesThem() {
        stubOAuth(ACCESS_TOKENS.get(0), 3600);
        stubApiOk();
        String before = scrape();

        tokens.zak("alice@example.com");
        tokens.zak("bob@example.com");

        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (ZoomMock.CLIENT_ID + ":" + ZoomMock.CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        zoom.verify(1, postRequestedFor(urlPathEqualTo(OAUTH))
                .withHeader("Authorization", equalTo(basic))
                .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
                .withFormParam("grant_type", equalTo("account_credentials"))
                .withFormParam("account_id", equalTo(ZoomMock.ACCOUNT_ID)));
        assertEquals(2, oauthRequest(0).getBodyAsString().split("&").length, oauthRequest(0).getBodyAsString());
        assertFalse(oauthRequest(0).getUrl().contains("?"), "credentials must travel in the body, not the URL");
        zoom.verify(2, getRequestedFor(urlPathMatching(TOKEN_PATH))
                .withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKENS.get(0))));
        String after = scrape();
        assertEquals(value(before, TOKEN_REQUESTS) + 1, value(after, TOKEN_REQUESTS), "one fetch for two calls");
        assertEquals(value(before, TOKEN_FAILURES), value(after, TOKEN_FAILURES));
    }

    @Test
    void concurrentFirstCallsShareOneTokenRequest() {
        zoom.stubFor(post(urlPathEqualTo(OAUTH)).willReturn(tokenResponse(ACCESS_TOKENS.get(0), 3600)
                .withFixedDelay(300)));
        stubApiOk();
        long fetchesBefore = serverToServer().fetchCount();
        List<Uni<UserToken>> calls = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            calls.add(tokens.getAsync(UserTokenRequest.zak("user" + i + "@example.com")));
        }

        List<UserToken> results = Uni.join().all(calls).andFailFast().await().atMost(Duration.ofSeconds(30));

        assertEquals(64, results.size());
        assertTrue(results.stream().allMatch(token -> ZAK.equals(token.value())));
        zoom.verify(1, postRequestedFor(urlPathEqualTo(OAUTH)));
        zoom.verify(64, getRequestedFor(urlPathMatching(TOKEN_PATH))
                .withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKENS.get(0))));
        assertEquals(1, serverToServer().fetchCount() - fetchesBefore);
    }

    @Test
    void concurrentCallsRejectedWithTheOldTokenCauseOneRenewal() {
        String old = ACCESS_TOKENS.get(0);
        String renewed = ACCESS_TOKENS.get(1);
        stubOAuthSequence(old, renewed);
        zoom.stubFor(get(urlPathMatching(TOKEN_PATH)).withHeader("Authorization", equalTo("Bearer " + old))
                .willReturn(
                        aResponse().withStatus(401).withBody("{\"code\":124,\"message\":\"Invalid access token.\"}")));
        zoom.stubFor(get(urlPathMatching(TOKEN_PATH)).withHeader("Authorization", equalTo("Bearer " + renewed))
                .willReturn(okJson("{\"token\":\"" + ZAK + "\"}")));
        List<Uni<UserToken>> calls = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            calls.add(tokens.getAsync(UserTokenRequest.zak("user" + i + "@example.com")));
        }

        List<UserToken> results = Uni.join().all(calls).andFailFast().await().atMost(Duration.ofSeconds(30));

        assertTrue(results.stream().allMatch(token -> ZAK.equals(token.value())));
        zoom.verify(2, postRequestedFor(urlPathEqualTo(OAUTH)));
        zoom.verify(32, getRequestedFor(urlPathMatching(TOKEN_PATH))
                .withHeader("Authorization", equalTo("Bearer " + renewed)));
    }

    @Test
    void oneRenewalAfter124ThenTheCallSucceeds() {
        String old = ACCESS_TOKENS.get(0);
        String renewed = ACCESS_TOKENS.get(1);
        stubOAuthSequence(old, renewed);
        zoom.stubFor(get(urlPathMatching(TOKEN_PATH)).withHeader("Authorization", equalTo("Bearer " + old))
                .willReturn(
                        aResponse().withStatus(400).withBody("{\"code\":124,\"message\":\"Invalid access token.\"}")));
        zoom.stubFor(get(urlPathMatching(TOKEN_PATH)).withHeader("Authorization", equalTo("Bearer " + renewed))
                .willReturn(okJson("{\"token\":\"" + ZAK + "\"}")));

        assertEquals(ZAK, tokens.zak("alice@example.com").value());

        zoom.verify(2, postRequestedFor(urlPathEqualTo(OAUTH)));
        assertEquals(List.of("Bearer " + old, "Bearer " + renewed),
                zoom.findAll(getRequestedFor(urlPathMatching(TOKEN_PATH))).stream()
                        .map(request -> request.getHeader("Authorization")).collect(Collectors.toList()));
    }

    @Test
    void secondRejectionSurfacesAsAuthenticationError() {
        stubOAuthSequence(ACCESS_TOKENS.get(0), ACCESS_TOKENS.get(1));
        zoom.stubFor(get(urlPathMatching(TOKEN_PATH))
                .willReturn(
                        aResponse().withStatus(401).withBody("{\"code\":124,\"message\":\"Invalid access token.\"}")));

        assertThrows(ZoomAuthenticationException.class, () -> tokens.zak("alice@example.com"));

        zoom.verify(2, postRequestedFor(urlPathEqualTo(OAUTH)));
        zoom.verify(2, getRequestedFor(urlPathMatching(TOKEN_PATH)));
    }

    @Test
    void tokenEndpointRefusalsSayWhatToFixAndRecoveryFollows() {
        assertOAuthRefusal(aResponse().withStatus(401)
                .withBody("{\"reason\":\"Invalid client_id or client_secret\",\"error\":\"invalid_client\"}"),
                "ZOOM_CLIENT_SECRET");
        assertOAuthRefusal(
                aResponse().withStatus(400).withBody("{\"code\":4717,\"message\":\"App has been disabled\"}"),
                "disabled");
        assertOAuthRefusal(aResponse().withStatus(400).withBody("{\"code\":4711,\"message\":\"Invalid scope\"}"),
                "user:read:token:admin");
        assertOAuthRefusal(
                aResponse().withStatus(400).withBody("{\"code\":4705,\"message\":\"Unsupported grant type\"}"),
                "Server-to-Server OAuth app");
        assertOAuthRefusal(aResponse().withStatus(400).withBody("<html>bad request</html>"), "ZOOM_ACCOUNT_ID");

        zoom.resetAll();
        stubOAuth(ACCESS_TOKENS.get(0), 3600);
        stubApiOk();
        assertEquals(ZAK, tokens.zak("alice@example.com").value());
    }

    @Test
    void tokenEndpointOutagesAreRetriedThenReported() {
        String before = scrape();
        zoom.stubFor(post(urlPathEqualTo(OAUTH)).willReturn(aResponse().withStatus(503)));

        ZoomOAuthException unavailable = assertThrows(ZoomOAuthException.class, () -> tokens.zak("alice@example.com"));
        assertTrue(unavailable.getMessage().contains("503"), unavailable.getMessage());
        zoom.verify(4, postRequestedFor(urlPathEqualTo(OAUTH)));

        zoom.resetAll();
        zoom.stubFor(post(urlPathEqualTo(OAUTH)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertThrows(ZoomOAuthException.class, () -> tokens.zak("alice@example.com"));
        zoom.verify(4, postRequestedFor(urlPathEqualTo(OAUTH)));

        zoom.resetAll();
        zoom.stubFor(post(urlPathEqualTo(OAUTH)).willReturn(okJson("{\"access_token\": ")));
        assertThrows(ZoomOAuthException.class, () -> tokens.zak("alice@example.com"));
        zoom.verify(1, postRequestedFor(urlPathEqualTo(OAUTH)));
        zoom.verify(0, getRequestedFor(urlPathMatching(TOKEN_PATH)));
        String after = scrape();
        assertEquals(value(before, TOKEN_REQUESTS) + 3, value(after, TOKEN_REQUESTS),
                "one fetch per call, retries inside it");
        assertEquals(value(before, TOKEN_FAILURES) + 3, value(after, TOKEN_FAILURES));
    }

    @Test
    void apiUrlFromZoomIsReportedButNotFollowed() {
        zoom.stubFor(post(urlPathEqualTo(OAUTH)).willReturn(okJson("{\"access_token\":\"" + ACCESS_TOKENS.get(0)
                + "\",\"token_type\":\"bearer\",\"expires_in\":3600,"
                + "\"api_url\":\"https://api-elsewhere.zoom.example\"}")));
        stubApiOk();

        String logs;
        try (LogCapture capture = LogCapture.start()) {
            assertEquals(ZAK, tokens.zak("alice@example.com").value());
            logs = capture.text();
        }

        assertTrue(
                logs.contains("INFO") && logs.contains("api-elsewhere.zoom.example") && logs.contains("ZOOM_API_URL"),
                logs);
        zoom.verify(1, getRequestedFor(urlPathMatching(TOKEN_PATH)));
    }

    @Test
    void secretsNeverAppearInLogsOrMessages() {
        String basic = Base64.getEncoder().encodeToString(
                (ZoomMock.CLIENT_ID + ":" + ZoomMock.CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        try (LogCapture logs = LogCapture.start()) {
            zoom.stubFor(post(urlPathEqualTo(OAUTH)).willReturn(aResponse().withStatus(401)
                    .withBody("{\"reason\":\"Invalid client_id or client_secret\",\"error\":\"invalid_client\"}")));
            seen.append(stackText(assertThrows(ZoomUserTokenException.class, () -> tokens.zak("alice@example.com"))));
            zoom.resetAll();
            stubOAuthSequence(ACCESS_TOKENS.get(0), ACCESS_TOKENS.get(1));
            zoom.stubFor(get(urlPathMatching(TOKEN_PATH))
                    .willReturn(aResponse().withStatus(401)
                            .withBody("{\"code\":124,\"message\":\"Invalid access token.\"}")));
            seen.append(stackText(assertThrows(ZoomUserTokenException.class, () -> tokens.zak("alice@example.com"))));
            zoom.resetAll();
            stubOAuth(ACCESS_TOKENS.get(2), 3600);
            stubApiOk();
            seen.append(tokens.zak("alice@example.com"));
            seen.append(logs.text());
        }

        String text = seen.toString();
        assertTrue(text.contains("/oauth/token"), "REST-client logging was not captured:\n" + text);
        for (String secret : Set.of(ZoomMock.CLIENT_SECRET, basic, ACCESS_TOKENS.get(0), ACCESS_TOKENS.get(1),
                ACCESS_TOKENS.get(2), ZAK)) {
            assertFalse(text.contains(secret), "leaked " + secret + " in:\n" + text);
        }
    }

    private ServerToServerOAuth serverToServer() {
        return (ServerToServerOAuth) ClientProxy.unwrap(accessTokens);
    }

    private void assertOAuthRefusal(ResponseDefinitionBuilder refusal,
            String hint) {
        zoom.resetAll();
        zoom.stubFor(post(urlPathEqualTo(OAUTH)).willReturn(refusal));

        ZoomOAuthException error = assertThrows(ZoomOAuthException.class, () -> tokens.zak("alice@example.com"));

        assertTrue(error.getMessage().contains(hint), error.getMessage());
        zoom.verify(1, postRequestedFor(urlPathEqualTo(OAUTH)));
        zoom.verify(0, getRequestedFor(urlPathMatching(TOKEN_PATH)));
    }

    private static String scrape() {
        return io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static double value(String metrics, String series) {
        return metrics.lines().filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
                .findFirst().orElseThrow(() -> new AssertionError(series + " is not exported"));
    }

    private LoggedRequest oauthRequest(int index) {
        return zoom.findAll(postRequestedFor(urlPathEqualTo(OAUTH))).get(index);
    }

    private void stubOAuth(String accessToken, long expiresIn) {
        zoom.stubFor(post(urlPathEqualTo(OAUTH)).willReturn(tokenResponse(accessToken, expiresIn)));
    }

    private void stubOAuthSequence(String first, String second) {
        zoom.stubFor(post(urlPathEqualTo(OAUTH)).inScenario("tokens").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(tokenResponse(first, 3600)).willSetStateTo("second"));
        zoom.stubFor(post(urlPathEqualTo(OAUTH)).inScenario("tokens").whenScenarioStateIs("second")
                .willReturn(tokenResponse(second, 3600)));
    }

    private static ResponseDefinitionBuilder tokenResponse(String accessToken,
            long expiresIn) {
        return okJson("{\"access_token\":\"" + accessToken + "\",\"token_type\":\"bearer\",\"expires_in\":" + expiresIn
                + ",\"scope\":\"user:read:token:admin\",\"api_url\":\"https://api.zoom.us\"}");
    }

    private void stubApiOk() {
        zoom.stubFor(get(urlPathMatching(TOKEN_PATH)).willReturn(okJson("{\"token\":\"" + ZAK + "\"}")));
    }

    private static String stackText(Throwable error) {
        StringWriter text = new StringWriter();
        error.printStackTrace(new PrintWriter(text));
        return text + "\n" + error;
    }
}
