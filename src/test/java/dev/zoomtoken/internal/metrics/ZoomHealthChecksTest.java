package dev.zoomtoken.internal.metrics;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.zoomtoken.MockZoomSupport;
import dev.zoomtoken.ZoomMock;
import dev.zoomtoken.ZoomUserTokens;
import dev.zoomtoken.model.ZoomServerException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = ZoomMock.class, restrictToAnnotatedClass = true)
class ZoomHealthChecksTest extends MockZoomSupport {

    @Inject
    ZoomUserTokens tokens;

    @Test
    void readyWithCredentialsAndAClosedBreakerWithoutCallingZoom() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"),
                        "checks.find { it.name == 'zoom-credentials' }.data.mode", equalTo("STATIC_TOKEN"),
                        "checks.find { it.name == 'zoom-circuit-breaker' }.data.state", equalTo("CLOSED"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        zoom.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void notReadyWhileTheBreakerIsOpen() {
        zoom.stubFor(get(urlPathMatching("/v2/users/.+/token")).willReturn(aResponse().withStatus(500)));
        assertThrows(ZoomServerException.class, () -> tokens.zak("alice@example.com"));

        given().get("/q/health/ready").then().statusCode(503)
                .body("status", equalTo("DOWN"),
                        "checks.find { it.name == 'zoom-circuit-breaker' }.data.state", equalTo("OPEN"));
        given().get("/q/health/live").then().statusCode(200);
    }
}
