package dev.zoomtoken.internal.meetingsdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.zoomtoken.internal.config.ZoomConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Which credentials sign: the Meeting SDK settings, else the connected users' app, else none; a half-set pair or a
 * short secret is refused naming the setting, never its value.
 */
class MeetingSdkCredentialsTest {

    private static final String SDK_SECRET = "meeting-sdk-secret-Qw3rTy";
    private static final String USER_OAUTH_SECRET = "user-oauth-secret-Zx8cVb";

    private static Optional<MeetingSdkCredentials> resolve(Map<String, String> settings) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withConverter(Duration.class, 100, new DurationConverter()).withMapping(ZoomConfig.class)
                .withMapping(MeetingSdkConfig.class).withSources(new PropertiesConfigSource(settings, "test", 100))
                .build();
        return MeetingSdkCredentials.of(config.getConfigMapping(MeetingSdkConfig.class),
                config.getConfigMapping(ZoomConfig.class).userOauth());
    }

    @Test
    void theMeetingSdkSettingsSignWhenSet() {
        MeetingSdkCredentials found = resolve(Map.of("zoom.meeting-sdk.client-id", "sdk-id",
                "zoom.meeting-sdk.client-secret", SDK_SECRET, "zoom.user-oauth.client-id", "user-oauth-id",
                "zoom.user-oauth.client-secret", USER_OAUTH_SECRET)).orElseThrow();
        assertEquals("sdk-id", found.sdkKey());
        assertEquals(SDK_SECRET, found.secret());
    }

    @Test
    void withoutThemTheConnectedUsersAppSigns() {
        MeetingSdkCredentials found = resolve(Map.of("zoom.user-oauth.client-id", "user-oauth-id",
                "zoom.user-oauth.client-secret", USER_OAUTH_SECRET)).orElseThrow();
        assertEquals("user-oauth-id", found.sdkKey());
        assertEquals(USER_OAUTH_SECRET, found.secret());
    }

    @Test
    void withNeitherNothingSigns() {
        assertTrue(resolve(Map.of()).isEmpty());
        assertTrue(resolve(Map.of("zoom.meeting-sdk.client-id", " ", "zoom.client-id", "s2s-id",
                "zoom.client-secret", "server-to-server-secret-123")).isEmpty(), "a Server-to-Server app never signs");
    }

    @Test
    void aHalfSetPairOrAShortSecretIsRefusedNamingTheSettingNotTheValue() {
        assertRefused(Map.of("zoom.meeting-sdk.client-id", "sdk-id"), "ZOOM_MEETING_SDK_CLIENT_SECRET", "sdk-id");
        assertRefused(Map.of("zoom.meeting-sdk.client-secret", SDK_SECRET, "zoom.user-oauth.client-id", "u",
                "zoom.user-oauth.client-secret", USER_OAUTH_SECRET), "ZOOM_MEETING_SDK_CLIENT_ID", SDK_SECRET);
        assertRefused(Map.of("zoom.meeting-sdk.client-id", "sdk-id", "zoom.meeting-sdk.client-secret",
                "fifteen-chars-x"), "ZOOM_MEETING_SDK_CLIENT_SECRET", "fifteen-chars-x");
        assertRefused(Map.of("zoom.user-oauth.client-id", "user-oauth-id", "zoom.user-oauth.client-secret",
                "short-secret"), "ZOOM_USER_OAUTH_CLIENT_SECRET", "short-secret");
    }

    private static void assertRefused(Map<String, String> settings, String named, String value) {
        String message = assertThrows(IllegalStateException.class, () -> resolve(settings)).getMessage();
        assertTrue(message.contains(named), message);
        assertFalse(message.contains(value), message);
    }
}
