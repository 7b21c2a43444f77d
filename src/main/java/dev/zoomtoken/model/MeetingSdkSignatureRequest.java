package dev.zoomtoken.model;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * A validated request for a Meeting SDK JWT (the "signature" an SDK client joins with). An instance that exists is
 * safe to sign: the constructor refuses anything Zoom would reject, with an {@link InvalidTokenRequestException}
 * naming the field.
 *
 * @param client          the SDK the signature is for; never null
 * @param meetingNumber   the meeting's number, digits; required for {@link MeetingSdkClient#WEB}, refused for
 *                        {@link MeetingSdkClient#NATIVE} (native JWTs name no meeting)
 * @param role            host or participant; required for web, refused for native
 * @param lifetime        {@code exp - iat}: whole seconds from {@link #MIN_LIFETIME} to {@link #MAX_LIFETIME}; null
 *                        for {@link #DEFAULT_LIFETIME}
 * @param videoWebrtcMode the {@code video_webrtc_mode} claim, 0 or 1; web only; null for 0
 */
public record MeetingSdkSignatureRequest(MeetingSdkClient client, String meetingNumber, MeetingSdkRole role,
        Duration lifetime, Integer videoWebrtcMode) {

    /** Zoom's shortest accepted lifetime of a Meeting SDK JWT. */
    public static final long MIN_LIFETIME_SECONDS = 1_800;
    /** Zoom's longest accepted lifetime of a Meeting SDK JWT: 48 hours. */
    public static final long MAX_LIFETIME_SECONDS = 172_800;
    /** The lifetime when none is asked for: 2 hours, as in Zoom's own sample. */
    public static final long DEFAULT_LIFETIME_SECONDS = 7_200;
    public static final Duration MIN_LIFETIME = Duration.ofSeconds(MIN_LIFETIME_SECONDS);
    public static final Duration MAX_LIFETIME = Duration.ofSeconds(MAX_LIFETIME_SECONDS);
    public static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(DEFAULT_LIFETIME_SECONDS);
    private static final Pattern MEETING_NUMBER = Pattern.compile(UserTokenRequest.MEETING_ID_REGEX);

    public MeetingSdkSignatureRequest {
        if (client == null) {
            throw new InvalidTokenRequestException("client", "client is required");
        }
        if (client == MeetingSdkClient.WEB) {
            if (meetingNumber == null) {
                throw new InvalidTokenRequestException("meetingNumber", "meetingNumber is required for web clients");
            }
            checkMeetingNumber(meetingNumber);
            if (role == null) {
                throw new InvalidTokenRequestException("role", "role is required for web clients");
            }
            if (videoWebrtcMode == null) {
                videoWebrtcMode = 0;
            } else if (videoWebrtcMode != 0 && videoWebrtcMode != 1) {
                throw new InvalidTokenRequestException("videoWebrtcMode", "videoWebrtcMode must be 0 or 1");
            }
        } else {
            refusedForNative("meetingNumber", meetingNumber);
            refusedForNative("role", role);
            refusedForNative("videoWebrtcMode", videoWebrtcMode);
        }
        lifetime = lifetime == null ? DEFAULT_LIFETIME : checkLifetime(lifetime);
    }

    /** A web client's signature for meeting {@code meetingNumber} as {@code role}, valid 2 hours. */
    public static MeetingSdkSignatureRequest web(String meetingNumber, MeetingSdkRole role) {
        return new MeetingSdkSignatureRequest(MeetingSdkClient.WEB, meetingNumber, role, null, null);
    }

    /** A native SDK's signature (no meeting, no role), valid 2 hours. */
    public static MeetingSdkSignatureRequest forNative() {
        return new MeetingSdkSignatureRequest(MeetingSdkClient.NATIVE, null, null, null, null);
    }

    /** This request with {@code exp - iat} of {@code lifetime}. */
    public MeetingSdkSignatureRequest withLifetime(Duration lifetime) {
        return new MeetingSdkSignatureRequest(client, meetingNumber, role, lifetime, videoWebrtcMode);
    }

    /** This web request with the {@code video_webrtc_mode} claim set to {@code mode} (0 or 1). */
    public MeetingSdkSignatureRequest withVideoWebrtcMode(int mode) {
        return new MeetingSdkSignatureRequest(client, meetingNumber, role, lifetime, mode);
    }

    /**
     * Checks that {@code userToken} may go with this signature into one join: a ZAK or an OBF token (never the old
     * SDK token); a host needs a ZAK; an OBF token is for the meeting this signature names.
     *
     * @throws InvalidTokenRequestException naming the field at fault
     */
    public void checkUserToken(UserTokenRequest userToken) {
        if (userToken == null) {
            throw new InvalidTokenRequestException("type", "a user token request is required");
        }
        if (userToken.type() == TokenType.TOKEN) {
            throw new InvalidTokenRequestException("type", "the Meeting SDK joins with a zak or onbehalf token");
        }
        if (role == MeetingSdkRole.HOST && userToken.type() != TokenType.ZAK) {
            throw new InvalidTokenRequestException("type", "a host starts the meeting with a zak");
        }
        if (userToken.type() == TokenType.ONBEHALF && meetingNumber != null
                && !meetingNumber.equals(userToken.meetingId())) {
            throw new InvalidTokenRequestException("meetingId",
                    "an onbehalf token is for the meeting the signature names");
        }
    }

    /**
     * The meeting number rule: 1 to 20 digits.
     *
     * @throws InvalidTokenRequestException naming {@code meetingNumber}
     */
    public static void checkMeetingNumber(String meetingNumber) {
        if (meetingNumber == null || !MEETING_NUMBER.matcher(meetingNumber).matches()) {
            throw new InvalidTokenRequestException("meetingNumber",
                    "meetingNumber must be the meeting's number: 1 to 20 digits");
        }
    }

    private static void refusedForNative(String field, Object value) {
        if (value != null) {
            throw new InvalidTokenRequestException(field, field + " is only signed for web clients, not native");
        }
    }

    private static Duration checkLifetime(Duration lifetime) {
        if (lifetime.getNano() != 0 || lifetime.compareTo(MIN_LIFETIME) < 0 || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new InvalidTokenRequestException("lifetime", "lifetime must be whole seconds from "
                    + MIN_LIFETIME_SECONDS + " to " + MAX_LIFETIME_SECONDS + " (48 hours)");
        }
        return lifetime;
    }
}
