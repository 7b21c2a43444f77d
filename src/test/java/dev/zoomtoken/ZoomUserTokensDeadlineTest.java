package dev.zoomtoken;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.zoomtoken.model.ZoomTimeoutException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The overall deadline bounds a call whose attempts and retries would take longer. */
@QuarkusTest
@TestProfile(ZoomUserTokensDeadlineTest.ShortDeadline.class)
@QuarkusTestResource(value = ZoomMock.class, restrictToAnnotatedClass = true)
class ZoomUserTokensDeadlineTest {

    /** A deadline shorter than two attempt timeouts. */
    public static class ShortDeadline implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("zoom.request-deadline", "1500ms", "zoom.attempt-timeout", "1S");
        }
    }

    @InjectZoomMock
    WireMockServer zoom;

    @Inject
    ZoomUserTokens tokens;

    @Test
    void callEndsAtTheDeadline() {
        zoom.stubFor(get(urlPathEqualTo("/v2/users/alice@example.com/token"))
                .willReturn(okJson("{\"token\":\"too-late\"}").withFixedDelay(5000)));
        long started = System.nanoTime();

        ZoomTimeoutException error = assertThrows(ZoomTimeoutException.class, () -> tokens.zak("alice@example.com"));

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.compareTo(Duration.ofMillis(1400)) > 0 && took.compareTo(Duration.ofMillis(2500)) < 0,
                "took " + took);
        assertTrue(error.getMessage().contains("zoom.request-deadline"), error.getMessage());
    }
}
