package dev.zoomtoken.internal.meetingsdk;

import java.util.Optional;

import dev.zoomtoken.internal.config.ZoomConfig;

/**
 * The SDK key and secret that sign Meeting SDK JWTs. {@link #toString()} shows only the key.
 *
 * @param sdkKey the SDK key (client id), signed into every JWT
 * @param secret the SDK secret (client secret), the HMAC key
 */
public record MeetingSdkCredentials(String sdkKey, String secret) {

    /** The shortest secret accepted; Zoom's client secrets have 32 characters. */
    public static final int MIN_SECRET_LENGTH = 16;
    static final String CLIENT_ID = "ZOOM_MEETING_SDK_CLIENT_ID (zoom.meeting-sdk.client-id)";
    static final String CLIENT_SECRET = "ZOOM_MEETING_SDK_CLIENT_SECRET (zoom.meeting-sdk.client-secret)";
    static final String USER_OAUTH_CLIENT_SECRET = "ZOOM_USER_OAUTH_CLIENT_SECRET (zoom.user-oauth.client-secret)";

    public MeetingSdkCredentials {
        if (sdkKey == null || sdkKey.isBlank() || secret == null || secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("an SDK key and a secret of at least " + MIN_SECRET_LENGTH
                    + " characters are required");
        }
    }

    /**
     * The credentials the settings name: {@code zoom.meeting-sdk.*} when set; else, when connected users are on, the
     * user-OAuth app's client id and secret (the same General app signs SDK JWTs); else none.
     *
     * @throws IllegalStateException when only one of the two Meeting SDK settings is set, or the secret to sign with
     *                               is shorter than {@link #MIN_SECRET_LENGTH}; the message names the setting, never
     *                               a value
     */
    public static Optional<MeetingSdkCredentials> of(MeetingSdkConfig sdk, ZoomConfig.UserOAuth userOAuth) {
        String id = value(sdk.clientId());
        String secret = value(sdk.clientSecret());
        if (id != null && secret != null) {
            return Optional.of(checked(id, secret, CLIENT_SECRET));
        }
        if (id != null || secret != null) {
            throw new IllegalStateException("Incomplete Meeting SDK credentials: " + (id == null ? CLIENT_ID
                    : CLIENT_SECRET) + " missing (" + (id == null ? CLIENT_SECRET : CLIENT_ID) + " set). Set both, "
                    + "or neither to sign with the connected users' app");
        }
        String userOAuthId = value(userOAuth.clientId());
        String userOAuthSecret = value(userOAuth.clientSecret());
        if (userOAuthId != null && userOAuthSecret != null) {
            return Optional.of(checked(userOAuthId, userOAuthSecret, USER_OAUTH_CLIENT_SECRET));
        }
        return Optional.empty();
    }

    private static MeetingSdkCredentials checked(String id, String secret, String setting) {
        if (secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalStateException("The Meeting SDK secret " + setting + " is shorter than "
                    + MIN_SECRET_LENGTH + " characters: set the app's client secret (Zoom's have 32)");
        }
        return new MeetingSdkCredentials(id, secret);
    }

    private static String value(Optional<String> setting) {
        return setting.map(String::trim).filter(v -> !v.isEmpty()).orElse(null);
    }

    @Override
    public String toString() {
        return "MeetingSdkCredentials[sdkKey=" + sdkKey + ", secret=<hidden>]";
    }
}
