package dev.zoomtoken;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A validated request for one Zoom user's token. An instance that exists is safe to send to Zoom: the constructor
 * rejects anything Zoom would refuse or that could change the request path.
 *
 * @param userId    {@code me}, a Zoom user id, or the user's email address
 * @param type      the token type, never null
 * @param ttl       lifetime to ask for, whole seconds from 1 s to 365 days; null for Zoom's default. ZAK and OBF only
 * @param meetingId numeric meeting id; required for {@link TokenType#ONBEHALF}, null otherwise
 */
public record UserTokenRequest(String userId, TokenType type, Duration ttl, String meetingId) {

    /** Zoom's documented maximum ttl: one year. */
    public static final Duration MAX_TTL = Duration.ofSeconds(31_536_000);
    static final int MAX_EMAIL_LENGTH = 254;
    private static final Pattern ZOOM_USER_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    // RFC 5321 atext without the characters that are unsafe in a URL path (# % / ?), dot-separated.
    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9!$&'*+=^_`{|}~-]+(\\.[A-Za-z0-9!$&'*+=^_`{|}~-]+)*"
                    + "@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");
    private static final Pattern MEETING_ID = Pattern.compile("[0-9]{1,20}");

    public UserTokenRequest {
        if (type == null) {
            throw new InvalidTokenRequestException("type", "type is required");
        }
        checkUserId(userId);
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

    /** Whether {@link #userId()} is an email address (as opposed to {@code me} or a Zoom user id). */
    public boolean userIdIsEmail() {
        return userId.indexOf('@') >= 0;
    }

    private static void checkUserId(String userId) {
        if (userId == null || userId.isEmpty()) {
            throw new InvalidTokenRequestException("userId", "userId is required");
        }
        if (userId.equals("me") || ZOOM_USER_ID.matcher(userId).matches()) {
            return;
        }
        if (userId.length() > MAX_EMAIL_LENGTH) {
            throw new InvalidTokenRequestException("userId",
                    "userId is too long: an email address has at most " + MAX_EMAIL_LENGTH + " characters");
        }
        int at = userId.lastIndexOf('@');
        if (at > 0 && at <= 64 && EMAIL.matcher(userId).matches()) {
            return;
        }
        throw new InvalidTokenRequestException("userId",
                "userId must be 'me', a Zoom user id (letters, digits, '-' and '_', at most 64) or an email address");
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
                    "ttl must be between 1 and " + MAX_TTL.getSeconds() + " seconds (one year), was " + ttl.getSeconds());
        }
    }

    private static void checkMeetingId(TokenType type, String meetingId) {
        if (type == TokenType.ONBEHALF) {
            if (meetingId == null || meetingId.isEmpty()) {
                throw new InvalidTokenRequestException("meetingId", "meetingId is required for onbehalf tokens");
            }
            if (!MEETING_ID.matcher(meetingId).matches()) {
                throw new InvalidTokenRequestException("meetingId", "meetingId must be the numeric meeting id (digits only)");
            }
        } else if (meetingId != null) {
            throw new InvalidTokenRequestException("meetingId",
                    "meetingId is only accepted for onbehalf tokens, not " + type.wireValue().toLowerCase(Locale.ROOT));
        }
    }
}
