package dev.zoomtoken.internal.meetingsdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.zoomtoken.model.InvalidTokenRequestException;
import dev.zoomtoken.model.MeetingSdkClient;
import dev.zoomtoken.model.MeetingSdkRole;
import dev.zoomtoken.model.MeetingSdkSignature;
import dev.zoomtoken.model.MeetingSdkSignatureRequest;
import dev.zoomtoken.model.UserTokenRequest;

/**
 * The Meeting SDK JWT, checked by jose4j's HS256 verifier (not the code under test): the exact header and claims for
 * web and native clients, integer times from the injected clock, the lifetime bounds, and no secret in text.
 */
class MeetingSdkSignerTest {

    private static final String KEY = "sdkKeyAb12Cd34Ef56Gh";
    private static final String SECRET = "sdk-secret-0123456789abcdefghijkl";
    /** A clock between two seconds: iat is the whole second before. */
    private static final Instant NOW = Instant.parse("2026-12-07T10:15:30.750Z");
    private static final long IAT = Instant.parse("2026-12-07T10:15:30Z").getEpochSecond();

    private final MeetingSdkSigner signer = new MeetingSdkSigner(new MeetingSdkCredentials(KEY, SECRET),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aWebHostSignatureHasZoomsHeaderAndClaimsExactly() {
        MeetingSdkSignature signed = signer.sign(MeetingSdkSignatureRequest.web("81234567890", MeetingSdkRole.HOST));

        JsonNode claims = MeetingSdkJwts.verifiedClaims(signed.value(), SECRET);
        assertEquals(List.of("appKey", "sdkKey", "mn", "role", "iat", "exp", "tokenExp", "video_webrtc_mode"),
                MeetingSdkJwts.names(claims));
        assertEquals(KEY, claims.get("appKey").textValue());
        assertEquals(KEY, claims.get("sdkKey").textValue());
        assertEquals("81234567890", claims.get("mn").textValue());
        assertIntegral(claims, "role", 1);
        assertIntegral(claims, "iat", IAT);
        assertIntegral(claims, "exp", IAT + 7_200);
        assertIntegral(claims, "tokenExp", IAT + 7_200);
        assertIntegral(claims, "video_webrtc_mode", 0);
        assertEquals(Instant.ofEpochSecond(IAT), signed.issuedAt());
        assertEquals(Instant.ofEpochSecond(IAT + 7_200), signed.expiresAt());
        assertEquals(KEY, signed.sdkKey());
        assertEquals(MeetingSdkRole.HOST, signed.role());
    }

    @Test
    void aWebParticipantSignatureCarriesRoleZeroAndTheChosenWebrtcMode() {
        MeetingSdkSignature signed = signer.sign(MeetingSdkSignatureRequest.web("912345678",
                MeetingSdkRole.PARTICIPANT).withVideoWebrtcMode(1).withLifetime(Duration.ofHours(3)));

        JsonNode claims = MeetingSdkJwts.verifiedClaims(signed.value(), SECRET);
        assertEquals("912345678", claims.get("mn").textValue());
        assertIntegral(claims, "role", 0);
        assertIntegral(claims, "video_webrtc_mode", 1);
        assertIntegral(claims, "exp", IAT + 10_800);
        assertIntegral(claims, "tokenExp", IAT + 10_800);
    }

    @Test
    void aNativeSignatureNamesNoMeetingRoleOrWebrtcMode() {
        MeetingSdkSignature signed = signer.sign(MeetingSdkSignatureRequest.forNative());

        JsonNode claims = MeetingSdkJwts.verifiedClaims(signed.value(), SECRET);
        assertEquals(List.of("appKey", "sdkKey", "iat", "exp", "tokenExp"), MeetingSdkJwts.names(claims));
        assertIntegral(claims, "iat", IAT);
        assertIntegral(claims, "exp", IAT + 7_200);
        assertNull(signed.meetingNumber());
        assertNull(signed.role());
        assertEquals(MeetingSdkClient.NATIVE, signed.client());
    }

    @Test
    void theLifetimeBoundsAreZoomsAndBothEndsSign() {
        for (long seconds : new long[]{ 1_800, 172_800 }) {
            MeetingSdkSignature signed = signer.sign(MeetingSdkSignatureRequest.forNative()
                    .withLifetime(Duration.ofSeconds(seconds)));
            JsonNode claims = MeetingSdkJwts.verifiedClaims(signed.value(), SECRET);
            assertEquals(seconds, claims.get("exp").longValue() - claims.get("iat").longValue());
        }
        for (Duration refused : new Duration[]{ Duration.ofSeconds(1_799), Duration.ofSeconds(172_801),
                Duration.ofMillis(1_800_500), Duration.ZERO, Duration.ofSeconds(-7_200) }) {
            InvalidTokenRequestException invalid = assertThrows(InvalidTokenRequestException.class,
                    () -> MeetingSdkSignatureRequest.forNative().withLifetime(refused), refused.toString());
            assertEquals("lifetime", invalid.field());
        }
    }

    @Test
    void anotherSecretDoesNotVerifyAndATamperedTokenDoesNot() {
        String jwt = signer.sign(MeetingSdkSignatureRequest.web("81234567890", MeetingSdkRole.PARTICIPANT)).value();
        assertTrue(MeetingSdkJwts.verifies(jwt, SECRET));
        assertFalse(MeetingSdkJwts.verifies(jwt, SECRET + "x"));
        String[] parts = jwt.split("\\.");
        String hostClaims = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(java.util.Base64.getUrlDecoder().decode(parts[1])).replace("\"role\":0", "\"role\":1")
                        .getBytes());
        assertFalse(MeetingSdkJwts.verifies(parts[0] + "." + hostClaims + "." + parts[2], SECRET));
    }

    @Test
    void webAndNativeRequestsRefuseWhatTheirClientDoesNotSign() {
        assertField("meetingNumber", () -> MeetingSdkSignatureRequest.web(null, MeetingSdkRole.HOST));
        assertField("meetingNumber", () -> MeetingSdkSignatureRequest.web("8123-4567", MeetingSdkRole.HOST));
        assertField("meetingNumber",
                () -> MeetingSdkSignatureRequest.web("123456789012345678901", MeetingSdkRole.HOST));
        assertField("meetingNumber", () -> MeetingSdkSignatureRequest.web("\u0661\u0662\u0663", MeetingSdkRole.HOST));
        assertField("role", () -> MeetingSdkSignatureRequest.web("81234567890", null));
        assertField("videoWebrtcMode", () -> MeetingSdkSignatureRequest.web("81234567890", MeetingSdkRole.HOST)
                .withVideoWebrtcMode(2));
        assertField("meetingNumber", () -> new MeetingSdkSignatureRequest(MeetingSdkClient.NATIVE, "81234567890",
                null, null, null));
        assertField("role", () -> new MeetingSdkSignatureRequest(MeetingSdkClient.NATIVE, null,
                MeetingSdkRole.PARTICIPANT, null, null));
        assertField("videoWebrtcMode", () -> MeetingSdkSignatureRequest.forNative().withVideoWebrtcMode(0));
        assertField("client", () -> new MeetingSdkSignatureRequest(null, null, null, null, null));
    }

    @Test
    void aUserTokenMustFitTheSignature() {
        MeetingSdkSignatureRequest host = MeetingSdkSignatureRequest.web("81234567890", MeetingSdkRole.HOST);
        MeetingSdkSignatureRequest guest = MeetingSdkSignatureRequest.web("81234567890", MeetingSdkRole.PARTICIPANT);
        host.checkUserToken(UserTokenRequest.zak("alice@example.com"));
        guest.checkUserToken(UserTokenRequest.onBehalf("me", "81234567890"));
        MeetingSdkSignatureRequest.forNative().checkUserToken(UserTokenRequest.onBehalf("me", "5551234"));
        assertField("type", () -> host.checkUserToken(UserTokenRequest.onBehalf("me", "81234567890")));
        assertField("type", () -> guest.checkUserToken(UserTokenRequest.sdkToken("alice@example.com")));
        assertField("type", () -> guest.checkUserToken(null));
        assertField("meetingId", () -> guest.checkUserToken(UserTokenRequest.onBehalf("me", "5551234")));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "short-secret-15" })
    void credentialsNeedAKeyAndASecretOfSixteenCharacters(String secret) {
        assertThrows(IllegalArgumentException.class, () -> new MeetingSdkCredentials(KEY, secret));
        assertThrows(IllegalArgumentException.class, () -> new MeetingSdkCredentials(" ", SECRET));
    }

    @Test
    void noTextShowsTheSecretOrTheSignature() {
        MeetingSdkSignature signed = signer.sign(MeetingSdkSignatureRequest.web("81234567890", MeetingSdkRole.HOST));
        for (String text : List.of(signed.toString(), signer.toString(),
                new MeetingSdkCredentials(KEY, SECRET).toString())) {
            assertFalse(text.contains(SECRET), text);
            assertFalse(text.contains(signed.value()), text);
            assertFalse(text.contains(signed.value().split("\\.")[2]), text);
        }
        assertTrue(signed.toString().contains("****(" + signed.value().length() + " chars)"), signed.toString());
    }

    private static void assertIntegral(JsonNode claims, String name, long expected) {
        JsonNode value = claims.get(name);
        assertTrue(value.isIntegralNumber(), name + " is a JSON integer, not " + value.getNodeType() + ": " + value);
        assertEquals(expected, value.longValue(), name);
    }

    private static void assertField(String field, org.junit.jupiter.api.function.Executable build) {
        assertEquals(field, assertThrows(InvalidTokenRequestException.class, build).field());
    }
}
