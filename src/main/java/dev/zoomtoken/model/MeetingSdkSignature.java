package dev.zoomtoken.model;

import java.time.Instant;

/**
 * A signed Meeting SDK JWT, the {@code signature} an SDK client joins with. {@link #toString()} never shows it.
 *
 * @param value         the JWT (HS256, signed with the SDK secret)
 * @param sdkKey        the SDK key (the app's client id) signed into it as {@code appKey} and {@code sdkKey}
 * @param client        the SDK it is for
 * @param meetingNumber the meeting it names ({@code mn}); null for native clients
 * @param role          its {@code role}; null for native clients
 * @param issuedAt      its {@code iat}
 * @param expiresAt     its {@code exp} (and {@code tokenExp})
 */
public record MeetingSdkSignature(String value, String sdkKey, MeetingSdkClient client, String meetingNumber,
        MeetingSdkRole role, Instant issuedAt, Instant expiresAt) {

    @Override
    public String toString() {
        return "MeetingSdkSignature[value=" + Secrets.mask(value) + ", sdkKey=" + sdkKey + ", client=" + client
                + ", meetingNumber=" + meetingNumber + ", role=" + role + ", issuedAt=" + issuedAt + ", expiresAt="
                + expiresAt + "]";
    }
}
