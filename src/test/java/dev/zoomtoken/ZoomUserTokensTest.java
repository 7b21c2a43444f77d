package dev.zoomtoken;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.zoomtoken.internal.auth.AccessTokenProvider;
import dev.zoomtoken.internal.auth.StaticAccessToken;
import dev.zoomtoken.internal.client.ZoomTokenCalls;
import dev.zoomtoken.internal.client.ZoomTokenReply;
import dev.zoomtoken.model.FieldError;
import dev.zoomtoken.model.InvalidTokenRequestException;
import dev.zoomtoken.model.RateLimit;
import dev.zoomtoken.model.TokenType;
import dev.zoomtoken.model.UserToken;
import dev.zoomtoken.model.UserTokenRequest;
import dev.zoomtoken.model.ZoomApiException;
import dev.zoomtoken.model.ZoomAuthenticationException;
import dev.zoomtoken.model.ZoomMalformedResponseException;
import dev.zoomtoken.model.ZoomMissingScopeException;
import dev.zoomtoken.model.ZoomNullTokenException;
import dev.zoomtoken.model.ZoomRateLimitedException;
import dev.zoomtoken.model.ZoomServerException;
import dev.zoomtoken.model.ZoomTimeoutException;
import dev.zoomtoken.model.ZoomTransportException;
import dev.zoomtoken.model.ZoomUserNotFoundException;
import dev.zoomtoken.model.ZoomUserTokenException;
import dev.zoomtoken.model.ZoomValidationException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = ZoomMock.class, restrictToAnnotatedClass = true)
class ZoomUserTokensTest extends MockZoomSupport {

    static final String TOKEN_PATH = "/v2/users/[^/]+/token";
    static final String ZAK = "eyJ0eXAiOiJKV1QiLCJzdiI6IjAwMDAwMSJ9.zak-for-alice.c2lnbmF0dXJl";

    @Inject
    io.quarkus.scheduler.Scheduler scheduler;

    /** An application without connected users pays nothing for them: no scheduler job, so no datasource touched. */
    @Test
    void withoutConnectedUsersNoJobIsScheduled() {
        org.junit.jupiter.api.Assertions.assertNull(scheduler.getScheduledJob(
                dev.zoomtoken.internal.connection.ConnectionKeepAlive.JOB));
        org.junit.jupiter.api.Assertions.assertEquals(List.of(), scheduler.getScheduledJobs());
    }

    @Inject
    ZoomUserTokens tokens;

    @Inject
    ZoomTokenCalls calls;

    @Test
    void zakSendsTypeAndBearerTokenAndReturnsTheToken() {
        zoom.stubFor(get(urlPathEqualTo("/v2/users/alice@example.com/token"))
                .willReturn(okJson("{\"token\":\"" + ZAK + "\"}").withHeader("x-zm-trackingid", "track-1")));

        UserToken token = tokens.zak("alice@example.com");

        assertEquals(ZAK, token.value());
        assertEquals(TokenType.ZAK, token.type());
        assertNull(token.expiresAt());
        assertEquals("track-1", token.trackingId());
        zoom.verify(1, getRequestedFor(urlPathEqualTo("/v2/users/alice@example.com/token"))
                .withHeader("Authorization", equalTo("Bearer " + ZoomMock.ACCESS_TOKEN)));
        assertEquals("type=zak", query(onlyRequest()));
    }

    @Test
    void zakWithTtlSendsTtlAndReportsExpiry() {
        stubToken(ZAK);
        Instant before = Instant.now();

        UserToken token = tokens.zak("alice@example.com", Duration.ofHours(3));

        assertEquals("type=zak&ttl=10800", query(onlyRequest()));
        assertTrue(!token.expiresAt().isBefore(before.plusSeconds(10800))
                && !token.expiresAt().isAfter(Instant.now().plusSeconds(10800)), "expiresAt " + token.expiresAt());
    }

    @Test
    void onBehalfSendsMeetingIdAndTtl() {
        stubToken("obf-token-value-1234");

        UserToken token = tokens.get(UserTokenRequest.onBehalf("KdYKjnimT4KPd8FFgQt9FQ", "81234567890",
                Duration.ofMinutes(5)));

        assertEquals("obf-token-value-1234", token.value());
        assertEquals(TokenType.ONBEHALF, token.type());
        assertEquals("type=onbehalf&ttl=300&meeting_id=81234567890", query(onlyRequest()));
        assertEquals("/v2/users/KdYKjnimT4KPd8FFgQt9FQ/token", onlyRequest().getUrl().replaceAll("\\?.*", ""));
    }

    @Test
    void sdkTokenSendsTypeTokenExplicitly() {
        stubToken("sdk-token-value");

        UserToken token = tokens.get(UserTokenRequest.sdkToken("me"));

        assertEquals("sdk-token-value", token.value());
        assertEquals("type=token", query(onlyRequest()));
        assertEquals("/v2/users/me/token", onlyRequest().getUrl().replaceAll("\\?.*", ""));
    }

    @Test
    void asyncApiGivesTheSameResult() {
        stubToken(ZAK);

        UserToken token = tokens.getAsync(UserTokenRequest.zak("alice@example.com")).await()
                .atMost(Duration.ofSeconds(10));

        assertEquals(ZAK, token.value());
    }

    @Test
    void concurrentCallsEachSendTheAccessTokenTheirCallerChose() throws Exception {
        String tokenOfA = "access-token-of-app-a-7Qe2xW";
        String tokenOfB = "access-token-of-app-b-9Lm4kR";
        zoom.stubFor(get(urlPathEqualTo("/v2/users/me/token"))
                .withHeader("Authorization", equalTo("Bearer " + tokenOfA))
                .willReturn(okJson("{\"token\":\"zak-of-a\"}").withFixedDelay(300)));
        zoom.stubFor(get(urlPathEqualTo("/v2/users/me/token"))
                .withHeader("Authorization", equalTo("Bearer " + tokenOfB))
                .willReturn(okJson("{\"token\":\"zak-of-b\"}").withFixedDelay(300)));
        List<AccessTokenProvider> callers = List.of(new StaticAccessToken(tokenOfA), new StaticAccessToken(tokenOfB));

        List<CompletableFuture<ZoomTokenReply>> replies = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            replies.add(calls.userToken(UserTokenRequest.zak("me"), callers.get(i % 2)).subscribeAsCompletionStage()
                    .toCompletableFuture());
        }

        assertTrue(replies.stream().noneMatch(CompletableFuture::isDone), "the ten calls are in flight together");
        for (int i = 0; i < 10; i++) {
            assertEquals(i % 2 == 0 ? "zak-of-a" : "zak-of-b", replies.get(i).get(10, TimeUnit.SECONDS).token());
        }
        List<LoggedRequest> received = zoom.findAll(getRequestedFor(anyUrl()));
        assertEquals(Map.of("Bearer " + tokenOfA, 5L, "Bearer " + tokenOfB, 5L), received.stream()
                .collect(Collectors.groupingBy(request -> request.getHeader("Authorization"), Collectors.counting())));
        for (LoggedRequest request : received) {
            assertEquals("/v2/users/me/token?type=zak", request.getUrl(), "nothing but the request's own parameters");
            assertEquals(1, request.getHeaders().getHeader("Authorization").values().size());
            assertEquals("", request.getHeaders().all().stream().map(Object::toString)
                    .filter(header -> header.contains("AccessToken") || header.contains("****"))
                    .collect(Collectors.joining("\n")), "a masked toString() was sent");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "alice+zoom@example.com", "o'brien.smith+tag@mail.example.co.uk", "a{b}c|d@example.com" })
    void emailsReachZoomAsTheSameUser(String email) throws Exception {
        stubToken(ZAK);

        tokens.zak(email);

        LoggedRequest request = onlyRequest();
        assertEquals("/v2/users/" + email + "/token", new URI(request.getUrl()).getPath(), "raw " + request.getUrl());
    }

    @ParameterizedTest
    @ValueSource(strings = { "", ".", "..", "a/b", "a;b", "a?b", "a#b", "a%2e", "alice @example.com", "al\tice",
            "al\u0000ice", "alice@", "@example.com", "alice@example", "alice@@example.com", "al..ice@example.com",
            ".alice@example.com", "alice@-example.com", "élise@example.com", "../../admin", "me;type=token",
            "x@example.com/../../users", "0123456789012345678901234567890123456789012345678901234567890123456789" })
    void invalidUserIdsAreRejectedWithoutCallingZoom(String userId) {
        InvalidTokenRequestException error = assertThrows(InvalidTokenRequestException.class, () -> tokens.zak(userId));

        assertEquals("userId", error.field());
        zoom.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void tooLongEmailIsRejected() {
        String email = "a".repeat(64) + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(60) + ".com";

        assertTrue(email.length() > 254);
        assertEquals("userId", assertThrows(InvalidTokenRequestException.class, () -> tokens.zak(email)).field());
        zoom.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void invalidTtlAndMeetingIdsAreRejectedWithoutCallingZoom() {
        List<Runnable> invalid = List.of(
                () -> tokens.zak("alice@example.com", Duration.ofSeconds(68_423_085)),
                () -> tokens.zak("alice@example.com", Duration.ofSeconds(31_536_001)),
                () -> tokens.zak("alice@example.com", Duration.ZERO),
                () -> tokens.zak("alice@example.com", Duration.ofSeconds(-5)),
                () -> tokens.zak("alice@example.com", Duration.ofMillis(1500)),
                () -> tokens.get(new UserTokenRequest("alice@example.com", TokenType.TOKEN, Duration.ofHours(1), null)),
                () -> tokens.get(new UserTokenRequest("alice@example.com", TokenType.ZAK, null, "81234567890")),
                () -> tokens.onBehalf("alice@example.com", null),
                () -> tokens.onBehalf("alice@example.com", ""),
                () -> tokens.onBehalf("alice@example.com", "8123 4567"),
                () -> tokens.onBehalf("alice@example.com", "81234567890&type=zak"),
                () -> tokens.get(new UserTokenRequest("alice@example.com", null, null, null)),
                () -> tokens.get(null));

        for (Runnable call : invalid) {
            assertThrows(InvalidTokenRequestException.class, call::run);
        }
        zoom.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void maximumTtlIsAccepted() {
        stubToken(ZAK);

        tokens.zak("alice@example.com", UserTokenRequest.MAX_TTL);

        assertEquals("type=zak&ttl=31536000", query(onlyRequest()));
    }

    @Test
    void userNotFoundIsTypedAndNotRetried() {
        zoom.stubFor(get(urlPathEqualTo("/v2/users/ghost@example.com/token")).willReturn(aResponse().withStatus(404)
                .withHeader("x-zm-trackingid", "track-404")
                .withHeader("Content-Type", "application/json")
                .withBody("{\"code\":1001,\"message\":\"User does not exist: ghost@example.com.\"}")));

        ZoomUserNotFoundException error = assertThrows(ZoomUserNotFoundException.class,
                () -> tokens.zak("ghost@example.com"));

        assertEquals(404, error.status());
        assertEquals(OptionalInt.of(1001), error.zoomCode());
        assertEquals("User does not exist: ghost@example.com.", error.zoomMessage().orElseThrow());
        assertEquals("track-404", error.trackingId().orElseThrow());
        assertTrue(error.getMessage().contains("track-404"), error.getMessage());
        zoom.verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void errorsAreTypedByStatusAndCode() {
        assertZoomError(401, "{\"code\":124,\"message\":\"Invalid access token.\"}", ZoomAuthenticationException.class);
        assertZoomError(400, "{\"code\":124,\"message\":\"Invalid access token.\"}", ZoomAuthenticationException.class);
        assertZoomError(400,
                "{\"code\":4700,\"message\":\"Invalid access token, does not contain "
                        + "scopes:[user:read:token:admin].\"}",
                ZoomMissingScopeException.class);
        assertZoomError(400, "{\"code\":1010,\"message\":\"User does not belong to this account\"}",
                ZoomUserNotFoundException.class);
        assertZoomError(403, "<html>Forbidden</html>", ZoomApiException.class);
        ZoomValidationException validation = assertZoomError(400,
                "{\"code\":300,\"message\":\"Validation "
                        + "Failed.\",\"errors\":[{\"field\":\"ttl\",\"message\":\"Invalid ttl\"}]}",
                ZoomValidationException.class);
        assertEquals(List.of(new FieldError("ttl", "Invalid ttl")), validation.fieldErrors());
        assertTrue(validation.getMessage().contains("ttl: Invalid ttl"), validation.getMessage());
    }

    @Test
    void serverErrorThenSuccessIsRetried() {
        zoom.stubFor(get(urlPathEqualTo("/v2/users/alice@example.com/token")).inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(500))
                .willSetStateTo("recovered"));
        zoom.stubFor(get(urlPathEqualTo("/v2/users/alice@example.com/token")).inScenario("flaky")
                .whenScenarioStateIs("recovered").willReturn(okJson("{\"token\":\"" + ZAK + "\"}")));

        assertEquals(ZAK, tokens.zak("alice@example.com").value());
        zoom.verify(2, anyRequestedFor(anyUrl()));
    }

    @Test
    void serverErrorsGiveUpAfterFourAttempts() {
        zoom.stubFor(get(urlPathEqualTo("/v2/users/alice@example.com/token"))
                .willReturn(aResponse().withStatus(503).withBody("Service Unavailable")));

        ZoomServerException error = assertThrows(ZoomServerException.class, () -> tokens.zak("alice@example.com"));

        assertEquals(503, error.status());
        assertTrue(error.zoomCode().isEmpty());
        zoom.verify(4, anyRequestedFor(anyUrl()));
    }

    @Test
    void rateLimitWaitsUntilIsoRetryAfter() {
        Instant retryAt = Instant.now().plusMillis(1500).truncatedTo(ChronoUnit.SECONDS);
        stubRateLimitThenToken(aResponse().withStatus(429)
                .withHeader("X-RateLimit-Type", "QPS")
                .withHeader("X-RateLimit-Category", "Light")
                .withHeader("Retry-After", retryAt.toString())
                .withBody(
                        "{\"code\":429,\"message\":\"You have reached the maximum per-second rate limit for this "
                                + "API.\"}"));

        assertEquals(ZAK, tokens.zak("alice@example.com").value());

        List<LoggedRequest> requests = zoom.findAll(getRequestedFor(anyUrl()));
        assertEquals(2, requests.size());
        Instant retriedAt = requests.get(1).getLoggedDate().toInstant();
        assertFalse(retriedAt.isBefore(retryAt), "retried at " + retriedAt + ", Retry-After was " + retryAt);
    }

    @Test
    void rateLimitWithoutHeadersWaitsAboutOneSecond() {
        stubRateLimitThenToken(aResponse().withStatus(429));

        assertEquals(ZAK, tokens.zak("alice@example.com").value());

        List<LoggedRequest> requests = zoom.findAll(getRequestedFor(anyUrl()));
        assertEquals(2, requests.size());
        long waitedMillis = requests.get(1).getLoggedDate().getTime() - requests.get(0).getLoggedDate().getTime();
        assertTrue(waitedMillis >= 1000 && waitedMillis < 2500, "waited " + waitedMillis + " ms");
    }

    @Test
    void dailyLimitFailsFastWithTheResetTime() {
        Instant resetAt = Instant.now().plus(6, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        zoom.stubFor(get(urlPathEqualTo("/v2/users/alice@example.com/token")).willReturn(aResponse().withStatus(429)
                .withHeader("X-RateLimit-Type", "Daily-limit")
                .withHeader("X-RateLimit-Category", "Light")
                .withHeader("X-RateLimit-Limit", "30000")
                .withHeader("X-RateLimit-Remaining", "0")
                .withHeader("Retry-After", resetAt.toString())
                .withHeader("x-zm-trackingid", "track-429")));
        long started = System.nanoTime();

        ZoomRateLimitedException error = assertThrows(ZoomRateLimitedException.class,
                () -> tokens.zak("alice@example.com"));

        assertTrue(System.nanoTime() - started < Duration.ofSeconds(1).toNanos(), "did not fail fast");
        assertEquals(new RateLimit(RateLimit.Type.DAILY, "Light", 30000, 0, resetAt), error.rateLimit());
        assertEquals("track-429", error.trackingId().orElseThrow());
        assertTrue(error.getMessage().contains(resetAt.toString()), error.getMessage());
        zoom.verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void rateLimitResettingBeyondTheCapFailsFast() {
        zoom.stubFor(get(urlPathEqualTo("/v2/users/alice@example.com/token")).willReturn(aResponse().withStatus(429)
                .withHeader("X-RateLimit-Type", "QPS")
                .withHeader("Retry-After", "60")));

        ZoomRateLimitedException error = assertThrows(ZoomRateLimitedException.class,
                () -> tokens.zak("alice@example.com"));

        assertEquals(RateLimit.Type.QPS, error.rateLimit().type());
        assertTrue(error.rateLimit().retryAt().isAfter(Instant.now().plusSeconds(50)));
        zoom.verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void connectionResetIsATransportFailureAndRetried() {
        zoom.stubFor(get(urlPathEqualTo("/v2/users/alice@example.com/token"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThrows(ZoomTransportException.class, () -> tokens.zak("alice@example.com"));
        zoom.verify(4, anyRequestedFor(anyUrl()));
    }

    @Test
    void emptyReplyIsATransportFailure() {
        zoom.stubFor(get(urlPathEqualTo("/v2/users/alice@example.com/token"))
                .willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));

        assertThrows(ZoomTransportException.class, () -> tokens.zak("alice@example.com"));
        zoom.verify(4, anyRequestedFor(anyUrl()));
    }

    @Test
    void okWithoutBodyIsMalformedAndNotRetried() {
        zoom.stubFor(get(urlPathEqualTo("/v2/users/alice@example.com/token"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")));

        assertThrows(ZoomMalformedResponseException.class, () -> tokens.zak("alice@example.com"));
        zoom.verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void malformedJsonIsTypedAndDoesNotLeakTheBody() {
        zoom.stubFor(get(urlPathEqualTo("/v2/users/alice@example.com/token"))
                .willReturn(okJson("{\"token\": \"" + ZAK + "\"")));

        ZoomMalformedResponseException error = assertThrows(ZoomMalformedResponseException.class,
                () -> tokens.zak("alice@example.com"));

        assertFalse(stackText(error).contains("zak-for-alice"), stackText(error));
        zoom.verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void hangingZoomIsCutOffByTheAttemptTimeout() {
        // Four attempts of the test profile's 2 s take less than one answer of Zoom's.
        zoom.stubFor(get(urlPathEqualTo("/v2/users/alice@example.com/token"))
                .willReturn(okJson("{\"token\":\"late\"}").withFixedDelay(9500)));
        long started = System.nanoTime();

        assertThrows(ZoomTimeoutException.class, () -> tokens.zak("alice@example.com"));

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.compareTo(Duration.ofMillis(9400)) < 0, "took " + took);
        zoom.verify(4, anyRequestedFor(anyUrl()));
    }

    @Test
    void nullTokenIsADistinctClearError() {
        zoom.stubFor(get(urlPathEqualTo("/v2/users/google-user@example.com/token"))
                .willReturn(okJson("{\"token\":null}").withHeader("x-zm-trackingid", "track-null")));

        ZoomNullTokenException error = assertThrows(ZoomNullTokenException.class,
                () -> tokens.get(UserTokenRequest.sdkToken("google-user@example.com")));

        assertEquals(TokenType.TOKEN, error.type());
        assertTrue(error.getMessage().contains("Google or Facebook"), error.getMessage());
        assertEquals("track-null", error.trackingId());
        zoom.verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void secretsNeverAppearInLogsExceptionsOrToString() {
        String obf = "obf-secret-token-77aa";
        String sdk = "sdk-secret-token-88bb";
        zoom.stubFor(get(urlPathEqualTo("/v2/users/alice@example.com/token"))
                .willReturn(okJson("{\"token\":\"" + ZAK + "\"}")));
        zoom.stubFor(get(urlPathEqualTo("/v2/users/bob@example.com/token"))
                .willReturn(okJson("{\"token\":\"" + obf + "\"}")));
        zoom.stubFor(get(urlPathEqualTo("/v2/users/carol@example.com/token"))
                .willReturn(okJson("{\"token\":\"" + sdk + "\"}")));
        zoom.stubFor(get(urlPathEqualTo("/v2/users/broken@example.com/token"))
                .willReturn(okJson("{\"token\":\"" + ZAK + "\",")));
        zoom.stubFor(get(urlPathEqualTo("/v2/users/flaky@example.com/token"))
                .willReturn(aResponse().withStatus(500).withBody("{\"code\":500,\"message\":\"boom\"}")));

        StringBuilder seen = new StringBuilder();
        try (LogCapture logs = LogCapture.start()) {
            seen.append(tokens.zak("alice@example.com")).append('\n');
            seen.append(tokens.onBehalf("bob@example.com", "81234567890")).append('\n');
            seen.append(tokens.get(UserTokenRequest.sdkToken("carol@example.com"))).append('\n');
            seen.append(stackText(assertThrows(ZoomUserTokenException.class, () -> tokens.zak("broken@example.com"))));
            seen.append(stackText(assertThrows(ZoomUserTokenException.class, () -> tokens.zak("flaky@example.com"))));
            seen.append(logs.text());
        }

        String text = seen.toString();
        assertTrue(text.contains("/v2/users/alice@example.com/token"),
                "REST-client logging was not captured:\n" + text);
        assertTrue(text.contains("Authorization=<hidden>"), text);
        for (String secret : List.of(ZoomMock.ACCESS_TOKEN, ZAK, "zak-for-alice", obf, sdk)) {
            assertFalse(text.contains(secret), "leaked " + secret + " in:\n" + text);
        }
    }

    private <T extends ZoomApiException> T assertZoomError(int status, String body, Class<T> expected) {
        zoom.resetAll();
        zoom.stubFor(get(urlPathEqualTo("/v2/users/alice@example.com/token"))
                .willReturn(
                        aResponse().withStatus(status).withBody(body).withHeader("x-zm-trackingid", "t-" + status)));

        ZoomUserTokenException error = assertThrows(ZoomUserTokenException.class,
                () -> tokens.zak("alice@example.com"));

        T typed = assertInstanceOf(expected, error);
        assertEquals(expected, error.getClass());
        assertEquals(status, typed.status());
        assertEquals("t-" + status, typed.trackingId().orElseThrow());
        zoom.verify(1, anyRequestedFor(anyUrl()));
        return typed;
    }

    private void stubToken(String token) {
        zoom.stubFor(get(urlPathMatching(TOKEN_PATH))
                .willReturn(okJson("{\"token\":\"" + token + "\"}")));
    }

    private void stubRateLimitThenToken(ResponseDefinitionBuilder limited) {
        zoom.stubFor(get(urlPathEqualTo("/v2/users/alice@example.com/token")).inScenario("limited")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(limited).willSetStateTo("free"));
        zoom.stubFor(get(urlPathEqualTo("/v2/users/alice@example.com/token")).inScenario("limited")
                .whenScenarioStateIs("free").willReturn(okJson("{\"token\":\"" + ZAK + "\"}")));
    }

    private LoggedRequest onlyRequest() {
        List<LoggedRequest> requests = zoom.findAll(getRequestedFor(anyUrl()));
        assertEquals(1, requests.size(), "requests to Zoom");
        return requests.get(0);
    }

    private static String query(LoggedRequest request) {
        String url = request.getUrl();
        return url.contains("?") ? url.substring(url.indexOf('?') + 1) : "";
    }

    static String stackText(Throwable error) {
        StringWriter text = new StringWriter();
        error.printStackTrace(new PrintWriter(text));
        return text + "\n" + error;
    }
}
