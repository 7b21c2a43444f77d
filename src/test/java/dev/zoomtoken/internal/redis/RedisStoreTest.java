package dev.zoomtoken.internal.redis;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.zoomtoken.LogCapture;
import dev.zoomtoken.MockZoomSupport;
import dev.zoomtoken.Poll;
import dev.zoomtoken.ZoomMock;
import dev.zoomtoken.ZoomUserTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The application with {@code zoom.shared-state=redis} on a real, password-protected Redis: token requests spend
 * the shared budget and share the access token, readiness and metrics say where the budget is, and nothing in Redis is
 * a credential in clear.
 */
@QuarkusTest
@TestProfile(RedisStoreTest.Paced.class)
@QuarkusTestResource(value = ZoomMock.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = ZoomMock.SERVER_TO_SERVER_ARG, value = "true"))
@QuarkusTestResource(value = RedisResource.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisStoreTest extends MockZoomSupport {

    private static final String ACCESS_TOKEN = "s2s-shared-access-7Yh3";
    private static final String ZAK = "zak-through-redis-9Qm1";

    /** The rate budget on, as in production. */
    public static class Paced implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // DEBUG for the Redis client and the module, so that the log scan sees everything they could say.
            // The production attempt timeout (5 s): a fresh Redis schedule makes its first call wait one window.
            return Map.of("zoom.rate-limit.enabled", "true", "zoom.rate-limit.max-wait", "2S",
                    "zoom.attempt-timeout", "5S",
                    "quarkus.log.category.\"io.vertx.redis\".level", "DEBUG",
                    "quarkus.log.category.\"io.quarkus.redis\".level", "DEBUG",
                    "quarkus.log.category.\"dev.zoomtoken\".level", "DEBUG");
        }
    }

    @Inject
    ZoomUserTokens tokens;

    @Inject
    RedisStore store;

    EmbeddedRedis redis;

    @Test
    @Order(1)
    void tokensFlowThroughTheSharedStoreAndRedisHoldsNoCredentialInClear() {
        zoom.stubFor(post(urlPathEqualTo(ZoomMock.OAUTH_PATH)).willReturn(okJson("{\"access_token\":\""
                + ACCESS_TOKEN + "\",\"token_type\":\"bearer\",\"expires_in\":3600}")));
        zoom.stubFor(get(urlPathMatching("/v2/users/[^/]+/token")).willReturn(okJson("{\"token\":\"" + ZAK + "\"}")));

        assertEquals(ZAK, tokens.zak("alice@example.com").value());
        assertEquals(ZAK, tokens.zak("bob@example.com").value());
        zoom.verify(1, postRequestedFor(urlPathEqualTo(ZoomMock.OAUTH_PATH)));

        List<String> dump = redis.dump();
        assertTrue(dump.stream().anyMatch(line -> line.startsWith("zoom-user-token:{" + ZoomMock.ACCOUNT_ID
                + "}:s2s-token ")), String.valueOf(dump));
        assertTrue(dump.stream().anyMatch(line -> line.startsWith("zoom-user-token:{" + ZoomMock.ACCOUNT_ID
                + "}:budget ")), String.valueOf(dump));
        for (String line : dump) {
            for (String secret : List.of(ACCESS_TOKEN, ZAK, ZoomMock.CLIENT_SECRET, "alice", "bob", "example.com")) {
                assertFalse(line.contains(secret), "Redis holds '" + secret + "': " + line);
            }
        }
    }

    @Test
    @Order(3)
    void theRedisPasswordAndTheTokensNeverAppearInLogsWhileRedisGoesAwayAndComesBack() throws Exception {
        zoom.stubFor(post(urlPathEqualTo(ZoomMock.OAUTH_PATH)).willReturn(okJson("{\"access_token\":\""
                + ACCESS_TOKEN + "\",\"token_type\":\"bearer\",\"expires_in\":3600}")));
        zoom.stubFor(get(urlPathMatching("/v2/users/[^/]+/token")).willReturn(okJson("{\"token\":\"" + ZAK + "\"}")));
        String text;
        try (LogCapture logs = LogCapture.start()) {
            assertEquals(ZAK, tokens.zak("carol@example.com").value());
            redis.stop();
            try {
                assertEquals(ZAK, tokens.zak("dave@example.com").value());
                assertEquals("local-fallback", store.storeName());
            } finally {
                redis.restart();
            }
            Poll.until(() -> "back on Redis", Duration.ofSeconds(15), Duration.ofMillis(200), () -> {
                tokens.zak("erin@example.com");
                return "redis".equals(store.storeName());
            });
            text = logs.text();
        }
        assertTrue(text.contains("Falling back") && text.contains("Redis answers again"), text);
        for (String secret : List.of(RedisResource.PASSWORD, ACCESS_TOKEN, ZAK, ZoomMock.CLIENT_SECRET)) {
            assertFalse(text.contains(secret), "the logs hold '" + secret + "':\n" + text);
        }
    }

    @Test
    @Order(2)
    void readinessAndMetricsSayTheBudgetIsInRedis() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'zoom-rate-limit-store' }.data.store",
                        org.hamcrest.Matchers.is("redis"));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("zoom_rate_limit_store{store=\"redis\"} 1.0"), metrics);
        assertTrue(metrics.contains("zoom_rate_limit_store{store=\"local-fallback\"} 0.0"), metrics);
        assertFalse(metrics.contains(RedisResource.PASSWORD));
        given().get("/q/health/ready").then().body("checks.name", hasItem("zoom-rate-limit-store"));
    }
}
