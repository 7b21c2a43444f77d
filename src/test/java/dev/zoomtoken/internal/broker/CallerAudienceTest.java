package dev.zoomtoken.internal.broker;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.zoomtoken.internal.broker.UserTokenResourceTest.PATH;
import static dev.zoomtoken.internal.broker.UserTokenResourceTest.as;
import static dev.zoomtoken.internal.broker.UserTokenResourceTest.assertProblem;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.zoomtoken.InjectZoomMock;
import dev.zoomtoken.ZoomMock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With {@code mp.jwt.verify.audiences} set, a caller JWT minted for another application is refused. */
@QuarkusTest
@TestProfile(CallerAudienceTest.WithAudience.class)
@QuarkusTestResource(value = ZoomMock.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = CallerKeys.class, restrictToAnnotatedClass = true)
class CallerAudienceTest {

    static final String AUDIENCE = "zoom-user-token-broker";
    static final String ALICE = "alice@example.com";

    /** The broker expects its own audience. */
    public static class WithAudience implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.jwt.verify.audiences", AUDIENCE);
        }
    }

    @InjectZoomMock
    WireMockServer zoom;

    @BeforeEach
    void resetZoom() {
        zoom.resetAll();
        zoom.stubFor(
                get(urlPathEqualTo("/v2/users/alice@example.com/token")).willReturn(okJson("{\"token\":\"zak-aud\"}")));
    }

    @Test
    void tokensForAnotherAudienceOrNoneAreUnauthenticated() {
        for (String jwt : new String[]{
                CallerKeys.sign(CallerKeys.claims().upn(ALICE).audience("evil"), "test-private-key.pem"),
                CallerKeys.sign(CallerKeys.claims().upn(ALICE).audience(Set.of("evil", "other")),
                        "test-private-key.pem"),
                CallerKeys.sign(CallerKeys.claims().upn(ALICE), "test-private-key.pem"),
        }) {
            assertProblem(as(jwt).get(PATH, ALICE).then(), 401, "unauthenticated");
        }
        zoom.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void tokensForTheBrokersAudienceAreAccepted() {
        as(CallerKeys.sign(CallerKeys.claims().upn(ALICE).audience(AUDIENCE), "test-private-key.pem"))
                .get(PATH, ALICE).then().statusCode(200);
        as(CallerKeys.sign(CallerKeys.claims().upn(ALICE).audience(Set.of("other", AUDIENCE)),
                "test-private-key.pem")).get(PATH, ALICE).then().statusCode(200);
    }
}
