package dev.zoomtoken;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.zoomtoken.model.ZoomNotConfiguredException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** Without credentials the application still starts, and calls fail clearly before reaching Zoom. */
@QuarkusTest
@QuarkusTestResource(value = ZoomMock.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = ZoomMock.ACCESS_TOKEN_ARG, value = ""))
class ZoomUserTokensNotConfiguredTest {

    @InjectZoomMock
    WireMockServer zoom;

    @Inject
    ZoomUserTokens tokens;

    @Test
    void callsFailWithTheVariableToSetAndNothingIsSent() {
        ZoomNotConfiguredException error = assertThrows(ZoomNotConfiguredException.class,
                () -> tokens.zak("alice@example.com"));

        assertTrue(error.getMessage().contains("ZOOM_ACCESS_TOKEN"), error.getMessage());
        zoom.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void readinessIsDownWithTheReason() {
        given().get("/q/health/ready").then().statusCode(503)
                .body("status", equalTo("DOWN"),
                        "checks.find { it.name == 'zoom-credentials' }.status", equalTo("DOWN"),
                        "checks.find { it.name == 'zoom-credentials' }.data.reason",
                        containsString("ZOOM_CLIENT_SECRET"));
        zoom.verify(0, anyRequestedFor(anyUrl()));
    }
}
