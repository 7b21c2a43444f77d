package dev.zoomtoken.internal.meetingsdk;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * The {@code zoom.meeting-sdk.*} settings: the SDK key and secret that sign Meeting SDK JWTs. For apps made since
 * 2023 they are the General app's client id and client secret; when both are unset, the connected users' app
 * ({@code zoom.user-oauth.*}) signs.
 */
@ConfigMapping(prefix = "zoom.meeting-sdk")
public interface MeetingSdkConfig {

    /** The SDK key: the General app's client id ({@code ZOOM_MEETING_SDK_CLIENT_ID}). */
    Optional<String> clientId();

    /** The SDK secret: the General app's client secret ({@code ZOOM_MEETING_SDK_CLIENT_SECRET}). Never logged. */
    Optional<String> clientSecret();
}
