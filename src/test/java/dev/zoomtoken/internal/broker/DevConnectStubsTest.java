package dev.zoomtoken.internal.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

/**
 * The dev mock's connect-flow stubs ({@code src/dev/zoom-mock/mappings/connected-users.json}) answer as the broker
 * needs, so that {@code ./mvnw quarkus:dev} can be clicked through: the authorize page sends the browser back with a
 * code and the same state, the code exchange and refresh give a refresh token, {@code users/me} names the user.
 */
class DevConnectStubsTest {

    private static WireMockServer mock;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        mock = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort()
                .usingFilesUnderDirectory("src/dev/zoom-mock"));
        mock.start();
    }

    @AfterAll
    static void stop() {
        mock.stop();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI at(String path) {
        return URI.create(mock.baseUrl() + path);
    }

    @Test
    void theAuthorizePageSendsTheBrowserBackWithACodeAndTheSameState() throws Exception {
        HttpResponse<String> page = send(HttpRequest.newBuilder(at("/oauth/authorize?response_type=code&client_id=c"
                + "&redirect_uri=http%3A%2F%2Flocalhost%3A8080%2Foauth%2Fzoom%2Fcallback&state=st4te-Xy_1"
                + "&code_challenge=abc&code_challenge_method=S256")));
        assertEquals(302, page.statusCode());
        String location = page.headers().firstValue("Location").orElseThrow();
        assertTrue(location.matches("http://localhost:8080/oauth/zoom/callback\\?code=dev-code-[A-Za-z0-9]{16}"
                + "&state=st4te-Xy_1"), location);
    }

    @Test
    void theCodeExchangeRefreshMeTokenAndRevokeAnswer() throws Exception {
        for (String body : new String[]{ "grant_type=authorization_code&code=dev-code-1&redirect_uri=x&code_verifier=v",
                "grant_type=refresh_token&refresh_token=dev-user-refresh-token-abc" }) {
            HttpResponse<String> tokens = send(HttpRequest.newBuilder(at("/oauth/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
            assertEquals(200, tokens.statusCode(), body);
            assertTrue(tokens.body().contains("\"refresh_token\":\"dev-user-refresh-token-"), tokens.body());
            assertTrue(tokens.body().contains("\"access_token\":\"dev-user-access-token-"), tokens.body());
        }
        HttpResponse<String> me = send(HttpRequest.newBuilder(at("/v2/users/me"))
                .header("Authorization", "Bearer dev-user-access-token-x"));
        assertTrue(me.body().contains("\"id\":\"dev-zoom-user\"") && me.body().contains("\"account_id\""), me.body());
        HttpResponse<String> obf = send(HttpRequest.newBuilder(at("/v2/users/me/token?type=onbehalf&meeting_id=1"))
                .header("Authorization", "Bearer dev-user-access-token-x"));
        assertTrue(obf.body().contains("\"token\":\"dev-connected-onbehalf-"), obf.body());
        HttpResponse<String> revoked = send(HttpRequest.newBuilder(at("/oauth/revoke"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=dev-user-access-token-x")));
        assertEquals(200, revoked.statusCode());
    }
}
