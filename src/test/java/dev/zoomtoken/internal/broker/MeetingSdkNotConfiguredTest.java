package dev.zoomtoken.internal.broker;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.zoomtoken.ZoomMock;
import dev.zoomtoken.ZoomMockReset;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Without Meeting SDK credentials and without connected users, the route authenticates the caller and then answers
 * 503 not-configured, calling no Zoom API; the rest of the broker works as before.
 */
@QuarkusTest
@QuarkusTestResource(value = ZoomMock.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = CallerKeys.class, restrictToAnnotatedClass = true)
class MeetingSdkNotConfiguredTest extends ZoomMockReset {

    private static final String BODY = "{\"meeting_number\":\"81234567890\",\"role\":\"host\"}";

    @Test
    void theCallerIsAuthenticatedThenToldNothingSigns() {
        UserTokenResourceTest.assertProblem(given().contentType("application/json").body(BODY)
                .post(MeetingSdkResourceTest.PATH).then(), 401, "unauthenticated");
        UserTokenResourceTest.assertProblem(MeetingSdkResourceTest.as(CallerKeys.forUpn("alice@example.com"))
                .body(BODY).post(MeetingSdkResourceTest.PATH).then(), 503, "not-configured")
                .body("detail", containsString("ZOOM_MEETING_SDK_CLIENT_ID"));
        assertEquals(0, zoom.getAllServeEvents().size(), "called Zoom");

        zoom.stubFor(get(urlPathEqualTo("/v2/users/alice@example.com/token"))
                .willReturn(okJson("{\"token\":\"zak-1\"}")));
        UserTokenResourceTest.as(CallerKeys.forUpn("alice@example.com")).get(UserTokenResourceTest.PATH,
                "alice@example.com").then().statusCode(200);
    }
}
