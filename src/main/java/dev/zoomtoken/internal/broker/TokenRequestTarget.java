package dev.zoomtoken.internal.broker;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import dev.zoomtoken.model.InvalidTokenRequestException;
import dev.zoomtoken.model.TokenType;
import dev.zoomtoken.model.UserTokenRequest;
import dev.zoomtoken.model.ZoomUserIds;

/**
 * Reads a token request from the raw request target, exactly as the caller sent it, so that the user the broker
 * authorizes and asks Zoom for is the user in the path: no matrix parameters, no dot segments, no encoded slashes, no
 * case-insensitive or {@code ;}-separated query parameters. Every refusal is an {@link InvalidTokenRequestException}
 * naming the field.
 * <p>
 * Query rules: only {@code type}, {@code ttl} and {@code meeting_id}, each at most once, names exact, separated by
 * {@code &} only, values percent-decoded strictly as UTF-8 and never empty; {@code type} is exactly {@code zak},
 * {@code onbehalf} or {@code token} (default {@code zak}); {@code ttl} is ASCII digits.
 */
final class TokenRequestTarget {

    /** Path of the account's token endpoint; {@code {userId}} is the one path parameter. */
    static final String USER_TOKEN_ROUTE = "/api/v1/users/{userId}/token";
    static final String USERS_PREFIX = "/api/v1/users/";
    private static final String TOKEN_SUFFIX = "/token";
    /** Longest raw user segment read: an email of the longest length with every character percent-encoded. */
    private static final int MAX_RAW_SEGMENT = 3 * ZoomUserIds.MAX_EMAIL_LENGTH;
    private static final int MAX_RAW_QUERY = 512;
    private static final Pattern ASCII_DIGITS = Pattern.compile("[0-9]{1,12}");
    /** Query parameter name -> the request field it fills (the field named in problem documents). */
    private static final Map<String, String> PARAMETERS = Map.of("type", "type", "ttl", "ttl", "meeting_id",
            "meetingId");

    private TokenRequestTarget() {
    }

    /** Whether {@code rawPath} is under the users' path, where {@link #userRequest} must read it. */
    static boolean isUserPath(String rawPath) {
        return rawPath != null && rawPath.startsWith(USERS_PREFIX);
    }

    /** The raw user segment of {@code /api/v1/users/{segment}/token}, or null when the path has another shape. */
    static String rawUserSegment(String rawPath) {
        if (!isUserPath(rawPath) || !rawPath.endsWith(TOKEN_SUFFIX)
                || rawPath.length() < USERS_PREFIX.length() + TOKEN_SUFFIX.length()) {
            return null;
        }
        String segment = rawPath.substring(USERS_PREFIX.length(), rawPath.length() - TOKEN_SUFFIX.length());
        return segment.indexOf('/') >= 0 ? null : segment;
    }

    /**
     * Refuses a user segment that routing would not hand to the resource as sent: empty, or a dot segment ({@code .},
     * {@code ..}, also percent-encoded), which routing resolves against the path before matching. Everything else is
     * read by the resource ({@link #userRequest}).
     *
     * @throws InvalidTokenRequestException (field {@code userId}) for such a segment
     */
    static void screenRoutable(String rawPath) {
        String segment = rawUserSegment(rawPath);
        if (segment == null) {
            return;
        }
        if (segment.isEmpty()) {
            throw new InvalidTokenRequestException("userId", "userId is required");
        }
        if (segment.length() <= 6 && (segment.equals(".") || segment.equals("..")
                || decode(segment, "userId").matches("\\.{1,2}"))) {
            throw new InvalidTokenRequestException("userId", "userId must not be a '.' or '..' segment");
        }
    }

    /**
     * The request of {@code GET /api/v1/users/{userId}/token?...}, or null when {@code rawPath} is not that route.
     *
     * @throws InvalidTokenRequestException when the user segment or the query breaks a rule
     */
    static UserTokenRequest userRequest(String rawPath, String rawQuery) {
        String segment = rawUserSegment(rawPath);
        if (segment == null) {
            return null;
        }
        return request(userId(segment), rawQuery);
    }

    /** The request for {@code userId} with the token parameters of {@code rawQuery} (null or empty: a ZAK). */
    static UserTokenRequest request(String userId, String rawQuery) {
        Map<String, String> values = parameters(rawQuery);
        String type = values.get("type");
        String ttl = values.get("ttl");
        return new UserTokenRequest(userId, type == null ? TokenType.ZAK : TokenType.fromWireValue(type),
                ttl == null ? null : seconds(ttl), values.get("meetingId"));
    }

    /** The decoded, checked user id of a raw path segment. */
    static String userId(String rawSegment) {
        if (rawSegment.isEmpty()) {
            throw new InvalidTokenRequestException("userId", "userId is required");
        }
        if (rawSegment.length() > MAX_RAW_SEGMENT) {
            throw new InvalidTokenRequestException("userId", "userId is too long: an email address has at most "
                    + ZoomUserIds.MAX_EMAIL_LENGTH + " characters");
        }
        if (rawSegment.indexOf(';') >= 0) {
            throw new InvalidTokenRequestException("userId", "userId must not contain ';' (no matrix parameters)");
        }
        return ZoomUserIds.check(decode(rawSegment, "userId"));
    }

    private static Map<String, String> parameters(String rawQuery) {
        Map<String, String> values = new HashMap<>(4);
        if (rawQuery == null || rawQuery.isEmpty()) {
            return values;
        }
        if (rawQuery.length() > MAX_RAW_QUERY) {
            throw new InvalidTokenRequestException("query", "the query is too long (at most " + MAX_RAW_QUERY
                    + " characters)");
        }
        for (String pair : rawQuery.split("&", -1)) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String field = PARAMETERS.get(name);
            if (field == null) {
                throw new InvalidTokenRequestException("query",
                        "only the query parameters type, ttl and meeting_id are accepted, each once, separated by '&'");
            }
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1), field);
            if (value.isEmpty()) {
                throw new InvalidTokenRequestException(field,
                        name + " must not be empty; leave it out for the default");
            }
            if (values.putIfAbsent(field, value) != null) {
                throw new InvalidTokenRequestException(field, name + " must be given at most once");
            }
        }
        return values;
    }

    private static Duration seconds(String ttl) {
        if (!ASCII_DIGITS.matcher(ttl).matches()) {
            throw new InvalidTokenRequestException("ttl",
                    "ttl must be a whole number of seconds (ASCII digits) from 1 to "
                            + UserTokenRequest.MAX_TTL.getSeconds());
        }
        return Duration.ofSeconds(Long.parseLong(ttl));
    }

    /** Strict percent-decoding: every {@code %} starts two hex digits, the bytes are UTF-8, no raw control bytes. */
    static String decode(String raw, String field) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || !isAsciiHex(raw.charAt(i + 1)) || !isAsciiHex(raw.charAt(i + 2))) {
                    throw new InvalidTokenRequestException(field, field + " has an invalid percent-encoding");
                }
                bytes.write(Integer.parseInt(raw, i + 1, i + 3, 16));
                i += 2;
            } else if (c > 0x20 && c < 0x7f) {
                bytes.write(c);
            } else {
                throw new InvalidTokenRequestException(field, field + " must be percent-encoded printable ASCII");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidTokenRequestException(field, field + " is not valid UTF-8 after percent-decoding");
        }
    }

    private static boolean isAsciiHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
