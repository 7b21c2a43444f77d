package dev.zoomtoken.internal.broker;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import dev.zoomtoken.MockZoomSupport;
import dev.zoomtoken.ZoomMock;
import dev.zoomtoken.internal.connection.WebhookSignature;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * The steps of connecting a user through the broker, as a browser and the application would take them, for
 * {@code @QuarkusTest} classes on a real PostgreSQL ({@code PostgresResource}) and a mock Zoom in Server-to-Server
 * mode.
 */
abstract class ConnectedUsersSupport extends MockZoomSupport {

    /** The scopes Zoom grants unless a test says otherwise. */
    static final String DEFAULT_SCOPES = "user:read:token";

    static RequestSpecification as(String jwt) {
        return given().header("Authorization", "Bearer " + jwt);
    }

    /** Connects {@code principal} through the broker as Zoom user {@code zoomUser}, as a browser would. */
    void connectThroughTheBroker(String principal, String code, String access, String zoomUser) {
        connectThroughTheBroker(principal, code, access, zoomUser, 3600);
    }

    void connectThroughTheBroker(String principal, String code, String access, String zoomUser, int expiresIn) {
        connectThroughTheBroker(principal, code, access, zoomUser, expiresIn, DEFAULT_SCOPES);
    }

    void connectThroughTheBroker(String principal, String code, String access, String zoomUser, int expiresIn,
            String scopes) {
        String confirmation = approveAtZoom(principal, code, access, zoomUser, expiresIn, scopes);
        confirm(principal, confirmation).statusCode(200).body("zoom_user_id", is(zoomUser))
                .body("status", is("active"));
    }

    static ValidatableResponse confirm(String principal, String confirmation) {
        return as(CallerKeys.forUpn(principal)).contentType("application/json")
                .body("{\"confirmation\":\"" + confirmation + "\"}").post("/api/v1/connections/me/confirm").then();
    }

    /**
     * {@code principal} starts an authorization, and whoever has its link approves it at Zoom as {@code zoomUser}; the
     * callback's page shows the confirmation code, which this returns.
     */
    String approveAtZoom(String principal, String code, String access, String zoomUser, int expiresIn) {
        return approveAtZoom(principal, code, access, zoomUser, expiresIn, DEFAULT_SCOPES);
    }

    /** The same, Zoom granting {@code scopes}. */
    String approveAtZoom(String principal, String code, String access, String zoomUser, int expiresIn, String scopes) {
        String callerJwt = CallerKeys.forUpn(principal);
        stubGrant(code, access, zoomUser, expiresIn, scopes);
        String state = startAuthorization(callerJwt);
        String before = as(callerJwt).get("/api/v1/connections/me").then().extract().asString();
        String page = given().queryParam("code", code).queryParam("state", state).redirects().follow(false)
                .get("/oauth/zoom/callback").then().statusCode(200).contentType(containsString("text/html"))
                .header("Cache-Control", "no-store").extract().asString();
        assertEquals(before, as(callerJwt).get("/api/v1/connections/me").then().extract().asString(),
                "the callback alone stores nothing");
        return page.replaceAll("(?s).*<code>([^<]+)</code>.*", "$1");
    }

    /** Zoom's token endpoint and {@code /users/me} answer for {@code code} as {@code zoomUser}. */
    void stubGrant(String code, String access, String zoomUser, int expiresIn) {
        stubGrant(code, access, zoomUser, expiresIn, DEFAULT_SCOPES);
    }

    void stubGrant(String code, String access, String zoomUser, int expiresIn, String scopes) {
        zoom.stubFor(post(urlPathEqualTo(ZoomMock.OAUTH_PATH)).withRequestBody(containing("code=" + code + "&"))
                .willReturn(
                        okJson("{\"access_token\":\"" + access + "\",\"token_type\":\"bearer\",\"refresh_token\":\"r-"
                                + access + "\",\"expires_in\":" + expiresIn + ",\"scope\":\"" + scopes + "\"}")));
        zoom.stubFor(get(urlPathEqualTo("/v2/users/me")).withHeader("Authorization", equalTo("Bearer " + access))
                .willReturn(okJson("{\"id\":\"" + zoomUser + "\",\"account_id\":\"acct-" + zoomUser + "\"}")));
    }

    /** Starts an authorization as the caller of {@code callerJwt}; its state. */
    static String startAuthorization(String callerJwt) {
        String url = as(callerJwt).post("/api/v1/connections/me/authorize").then().statusCode(200)
                .body("expires_in", is(600)).extract().path("authorize_url");
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            if (pair.startsWith("state=")) {
                return URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no state in " + url);
    }

    static ValidatableResponse webhook(String body, long timestamp, String secret) {
        return webhook(body, Long.toString(timestamp), secret);
    }

    /** A webhook call signed with {@code secret} over {@code timestamp} exactly as given. */
    static ValidatableResponse webhook(String body, String timestamp, String secret) {
        String signature = new WebhookSignature(secret, java.time.Clock.systemUTC()).sign(timestamp,
                body.getBytes(StandardCharsets.UTF_8));
        return given().header("x-zm-signature", signature).header("x-zm-request-timestamp", timestamp)
                .contentType("application/json").body(body).post("/api/v1/webhooks/zoom").then();
    }
}
