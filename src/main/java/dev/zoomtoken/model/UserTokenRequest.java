package dev.zoomtoken.model;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * A validated request for one Zoom user's token. An instance that exists is safe to send to Zoom: the constructor
 * rejects anything Zoom would refuse or that could change the request path.
 *
 * @param userId    {@code me} (in any case; kept as {@code me}), a Zoom user id, or the user's email address; see
 *                  {@link ZoomUserIds}
 * @param type      the token type, never null
 * @param ttl       lifetime to ask for, whole seconds from 1 s to 365 days; null for Zoom's default. ZAK and OBF only
 * @param meetingId numeric meeting id; required for {@link TokenType#ONBEHALF}, null otherwise
 */
public record UserTokenRequest(String userId, TokenType type, Duration ttl, String meetingId) {

    /** Zoom's documented maximum ttl: one year. */
    public static final Duration MAX_TTL = Duration.ofSeconds(31_536_000);
    /** A meeting id or number as Zoom's APIs and SDKs take it: 1 to 20 ASCII digits. */
    public static final String MEETING_ID_REGEX = "[0-9]{1,20}";
    private static final Pattern MEETING_ID = Pattern.compile(MEETING_ID_REGEX);

    public UserTokenRequest {
        if (type == null) {
            throw new InvalidTokenRequestException("type", "type is required");
        }
        userId = ZoomUserIds.check(userId);
        checkTtl(type, ttl);
        checkMeetingId(type, meetingId);
    }

    /** A ZAK with Zoom's default lifetime. */
    public static UserTokenRequest zak(String userId) {
        return new UserTokenRequest(userId, TokenType.ZAK, null, null);
    }

    /** A ZAK valid for {@code ttl}. */
    public static UserTokenRequest zak(String userId, Duration ttl) {
        return new UserTokenRequest(userId, TokenType.ZAK, ttl, null);
    }

    /** An OBF token for joining meeting {@code meetingId} on the user's behalf, with Zoom's default lifetime. */
    public static UserTokenRequest onBehalf(String userId, String meetingId) {
        return new UserTokenRequest(userId, TokenType.ONBEHALF, null, meetingId);
    }

    /** An OBF token for joining meeting {@code meetingId}, valid for {@code ttl}. */
    public static UserTokenRequest onBehalf(String userId, String meetingId, Duration ttl) {
        return new UserTokenRequest(userId, TokenType.ONBEHALF, ttl, meetingId);
    }

    /** The deprecated SDK token ({@code type=token}). */
    public static UserTokenRequest sdkToken(String userId) {
        return new UserTokenRequest(userId, TokenType.TOKEN, null, null);
    }

    /** The ttl in seconds as Zoom expects it, or null when none was asked for. */
    public Long ttlSeconds() {
        return ttl == null ? null : ttl.getSeconds();
    }

    /** {@link ZoomUserIds#comparisonKey} of {@link #userId()}: equal for two requests about the same user. */
    public String userKey() {
        return ZoomUserIds.keyOfChecked(userId);
    }

    /** Whether {@link #userId()} is an email address (as opposed to {@code me} or a Zoom user id). */
    public boolean userIdIsEmail() {
        return ZoomUserIds.isEmail(userId);
    }

    private static void checkTtl(TokenType type, Duration ttl) {
        if (ttl == null) {
            return;
        }
        if (!type.acceptsTtl()) {
            throw new InvalidTokenRequestException("ttl",
                    "ttl is only accepted for zak and onbehalf tokens, not " + type.wireValue());
        }
        if (ttl.getNano() != 0) {
            throw new InvalidTokenRequestException("ttl", "ttl must be a whole number of seconds");
        }
        if (ttl.getSeconds() < 1 || ttl.compareTo(MAX_TTL) > 0) {
            throw new InvalidTokenRequestException("ttl",
                    "ttl must be between 1 and " + MAX_TTL.getSeconds() + " seconds (one year), was "
                            + ttl.getSeconds());
        }
    }

    private static void checkMeetingId(TokenType type, String meetingId) {
        if (type == TokenType.ONBEHALF) {
            if (meetingId == null || meetingId.isEmpty()) {
                throw new InvalidTokenRequestException("meetingId", "meetingId is required for onbehalf tokens");
            }
            if (!MEETING_ID.matcher(meetingId).matches()) {
                throw new InvalidTokenRequestException("meetingId",
                        "meetingId must be the numeric meeting id (digits only)");
            }
        } else if (meetingId != null) {
            throw new InvalidTokenRequestException("meetingId",
                    "meetingId is only accepted for onbehalf tokens, not " + type.wireValue());
        }
    }
}
