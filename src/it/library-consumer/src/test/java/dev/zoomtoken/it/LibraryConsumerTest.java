package dev.zoomtoken.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(LibraryConsumerTest.Zoom.class)
class LibraryConsumerTest {

    /** WireMock as Zoom on 127.0.0.1, with one user. */
    public static class Zoom implements QuarkusTestResourceLifecycleManager {
        private WireMockServer server;

        @Override
        public Map<String, String> start() {
            server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
            server.start();
            server.stubFor(WireMock.get(WireMock.urlPathEqualTo("/v2/users/host@example.com/token"))
                    .withQueryParam("type", WireMock.equalTo("zak"))
                    .withHeader("Authorization", WireMock.equalTo("Bearer consumer-access-token"))
                    .willReturn(WireMock.okJson("{\"token\":\"zak-for-host\"}")));
            return Map.of("zoom.api-url", "http://127.0.0.1:" + server.port() + "/v2",
                    "zoom.access-token", "consumer-access-token");
        }

        @Override
        public void stop() {
            server.stop();
        }
    }

    @Inject
    MeetingStarts meetings;

    @Test
    void injectedServiceGetsATokenFromZoom() {
        assertEquals("https://zoom.us/s/81234567890?zak=zak-for-host",
                meetings.startUrl("host@example.com", 81234567890L));
    }

    @Test
    void theBrokerEndpointIsNotPartOfTheApplication() {
        given().get("/api/v1/users/host@example.com/token").then().statusCode(404);
        given().get("/q/openapi").then().statusCode(404);
    }
}
