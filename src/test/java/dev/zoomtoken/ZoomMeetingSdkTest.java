package dev.zoomtoken;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.zoomtoken.internal.connection.PostgresResource;
import dev.zoomtoken.internal.meetingsdk.MeetingSdkJwts;
import dev.zoomtoken.internal.meetingsdk.MeetingSdkTestClock;
import dev.zoomtoken.model.InvalidTokenRequestException;
import dev.zoomtoken.model.MeetingSdkRole;
import dev.zoomtoken.model.MeetingSdkSignIn;
import dev.zoomtoken.model.MeetingSdkSignature;
import dev.zoomtoken.model.MeetingSdkSignatureRequest;
import dev.zoomtoken.model.TokenType;
import dev.zoomtoken.model.UserTokenRequest;
import dev.zoomtoken.model.ZoomNotConnectedException;
import dev.zoomtoken.model.ZoomUserNotFoundException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The Java API of Meeting SDK sign-in: the signature alone (blocking and {@code Uni}), with the account's ZAK, with a
 * connection's OBF token; refusals before any Zoom call; Zoom's failures as the token APIs' own exceptions.
 */
@QuarkusTest
@QuarkusTestResource(value = ZoomMock.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = ZoomMock.SERVER_TO_SERVER_ARG, value = "true"))
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = true)
class ZoomMeetingSdkTest extends MockZoomSupport {

    private static final Instant NOW = Instant.parse("2026-12-07T09:00:00.900Z");
    private static final String MEETING = "5551234567";

    @Inject
    ZoomMeetingSdk sdk;

    @Inject
    ZoomConnections connections;

    @BeforeEach
    void fixTheClock() {
        MeetingSdkTestClock.set(NOW);
        zoom.stubFor(post(urlPathEqualTo(ZoomMock.OAUTH_PATH)).withRequestBody(containing("account_credentials"))
                .willReturn(okJson("{\"access_token\":\"s2s-access\",\"token_type\":\"bearer\",\"expires_in\":3600}")));
    }

    @AfterEach
    void systemClock() {
        MeetingSdkTestClock.reset();
    }

    @Test
    void aSignatureAloneBlockingAndNonBlocking() {
        assertTrue(sdk.enabled());
        MeetingSdkSignatureRequest request = MeetingSdkSignatureRequest.web(MEETING, MeetingSdkRole.PARTICIPANT)
                .withLifetime(Duration.ofHours(4));
        for (MeetingSdkSignature signed : new MeetingSdkSignature[]{ sdk.signature(request),
                sdk.signatureAsync(request).await().atMost(Duration.ofSeconds(5)) }) {
            JsonNode claims = MeetingSdkJwts.verifiedClaims(signed.value(), PostgresResource.CLIENT_SECRET);
            assertEquals(NOW.getEpochSecond(), claims.get("iat").longValue());
            assertEquals(NOW.getEpochSecond() + 14_400, claims.get("exp").longValue());
            assertEquals(Instant.ofEpochSecond(NOW.getEpochSecond() + 14_400), signed.expiresAt());
            assertEquals(PostgresResource.CLIENT_ID, signed.sdkKey());
        }
        assertEquals(0, zoom.getAllServeEvents().size());
    }

    @Test
    void aHostSignsInWithTheAccountsZak() {
        zoom.stubFor(get(urlPathEqualTo("/v2/users/hana@example.com/token")).willReturn(okJson(
                "{\"token\":\"zak-of-hana-31\"}")));
        MeetingSdkSignIn signIn = sdk.signIn(MeetingSdkSignatureRequest.web(MEETING, MeetingSdkRole.HOST),
                UserTokenRequest.zak("hana@example.com"));

        assertEquals("zak-of-hana-31", signIn.userToken().value());
        assertEquals(TokenType.ZAK, signIn.userToken().type());
        assertEquals(1, MeetingSdkJwts.verifiedClaims(signIn.signature().value(), PostgresResource.CLIENT_SECRET)
                .get("role").intValue());
        assertFalse(signIn.toString().contains("zak-of-hana-31"), signIn.toString());
        assertFalse(signIn.toString().contains(signIn.signature().value()), signIn.toString());
    }

    @Test
    void refusalsComeBeforeAnyZoomCallAndZoomsFailuresAreTheTokenApisOwn() {
        MeetingSdkSignatureRequest host = MeetingSdkSignatureRequest.web(MEETING, MeetingSdkRole.HOST);
        assertEquals("type", assertThrows(InvalidTokenRequestException.class, () -> sdk.signIn(host,
                UserTokenRequest.onBehalf("hana@example.com", MEETING))).field());
        assertEquals("meetingId", assertThrows(InvalidTokenRequestException.class, () -> sdk.signInWithConnection(
                "someone", MeetingSdkSignatureRequest.web(MEETING, MeetingSdkRole.PARTICIPANT),
                UserTokenRequest.onBehalf("me", "999"))).field());
        assertEquals(0, zoom.getAllServeEvents().size(), "a refused request called Zoom");

        zoom.stubFor(get(urlPathEqualTo("/v2/users/ghost@example.com/token")).willReturn(aResponse().withStatus(404)
                .withBody("{\"code\":1001,\"message\":\"User does not exist\"}")));
        assertThrows(ZoomUserNotFoundException.class,
                () -> sdk.signIn(host, UserTokenRequest.zak("ghost@example.com")));
        assertThrows(ZoomNotConnectedException.class, () -> sdk.signInWithConnection("never-connected@example.com",
                MeetingSdkSignatureRequest.forNative(), UserTokenRequest.onBehalf("me", MEETING)));
    }

    @Test
    void aNativeBotJoinsOnBehalfOfAConnectedUser() {
        String principal = "sdk-java-ivy@example.com";
        connect(principal, "code-sdk-ivy", "access-sdk-ivy", "zu-sdk-ivy");
        zoom.stubFor(get(urlPathEqualTo("/v2/users/me/token")).withHeader("Authorization",
                equalTo("Bearer access-sdk-ivy")).willReturn(okJson("{\"token\":\"obf-of-ivy-66\"}")));

        MeetingSdkSignIn signIn = sdk.signInWithConnectionAsync(principal, MeetingSdkSignatureRequest.forNative(),
                UserTokenRequest.onBehalf("me", MEETING)).await().atMost(Duration.ofSeconds(10));

        assertEquals("obf-of-ivy-66", signIn.userToken().value());
        assertNull(signIn.signature().meetingNumber());
        assertFalse(MeetingSdkJwts.verifiedClaims(signIn.signature().value(), PostgresResource.CLIENT_SECRET)
                .has("mn"));
        zoom.verify(1, getRequestedFor(urlPathEqualTo("/v2/users/me/token")).withQueryParam("type",
                equalTo("onbehalf")).withQueryParam("meeting_id", equalTo(MEETING)));
    }

    /** Connects {@code principal} through the Java API, as the broker's routes would. */
    private void connect(String principal, String code, String access, String zoomUser) {
        zoom.stubFor(post(urlPathEqualTo(ZoomMock.OAUTH_PATH)).withRequestBody(containing("code=" + code + "&"))
                .willReturn(okJson("{\"access_token\":\"" + access + "\",\"token_type\":\"bearer\","
                        + "\"refresh_token\":\"r-" + access + "\",\"expires_in\":3600,"
                        + "\"scope\":\"user:read:token\"}")));
        zoom.stubFor(get(urlPathEqualTo("/v2/users/me")).withHeader("Authorization", equalTo("Bearer " + access))
                .willReturn(okJson("{\"id\":\"" + zoomUser + "\",\"account_id\":\"acct-" + zoomUser + "\"}")));
        URI url = connections.authorize(principal).authorizeUrl();
        String state = Stream.of(url.getRawQuery().split("&")).filter(pair -> pair.startsWith("state="))
                .map(pair -> URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8)).findFirst().orElseThrow();
        String confirmation = connections.completeAsync(code, state, null).await().atMost(Duration.ofSeconds(10))
                .code();
        connections.confirm(principal, confirmation);
    }
}
