package dev.zoomtoken.internal.broker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.zoomtoken.internal.broker.UserTokenResourceTest.ALICE;
import static dev.zoomtoken.internal.broker.UserTokenResourceTest.PATH;
import static dev.zoomtoken.internal.broker.UserTokenResourceTest.as;
import static dev.zoomtoken.internal.broker.UserTokenResourceTest.assertProblem;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.http.Fault;

import dev.zoomtoken.MockZoomSupport;
import dev.zoomtoken.ZoomMock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Broker statuses for Zoom outages: 502 after retries, 503 while the breaker is open, 504 on timeouts. */
@QuarkusTest
@QuarkusTestResource(value = ZoomMock.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = CallerKeys.class, restrictToAnnotatedClass = true)
class UserTokenResourceResilienceTest extends MockZoomSupport {

    @Test
    void serverErrorsAfterRetriesAre502ThenTheOpenCircuitIs503() {
        zoom.stubFor(get(urlPathMatching("/v2/users/.+/token")).willReturn(aResponse().withStatus(503)));

        assertProblem(as(CallerKeys.forUpn(ALICE)).get(PATH, ALICE).then(), 502, "upstream-error");
        zoom.verify(4, anyRequestedFor(anyUrl()));

        zoom.resetRequests();
        assertProblem(as(CallerKeys.forUpn(ALICE)).get(PATH, ALICE).then(), 503, "zoom-unavailable")
                // The test profile sets the breaker's delay to 1000 ms: Retry-After follows the configured value.
                .header("Retry-After", "1");
        zoom.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void transportFailureIs502() {
        zoom.stubFor(get(urlPathMatching("/v2/users/.+/token"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertProblem(as(CallerKeys.forUpn(ALICE)).get(PATH, ALICE).then(), 502, "upstream-error");
    }

    @Test
    void hangingZoomIs504() {
        zoom.stubFor(get(urlPathMatching("/v2/users/.+/token"))
                .willReturn(okJson("{\"token\":\"late\"}").withFixedDelay(3000)));

        assertProblem(as(CallerKeys.forUpn(ALICE)).get(PATH, ALICE).then(), 504, "zoom-timeout");
    }
}
