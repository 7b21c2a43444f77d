package dev.zoomtoken.model;

import java.util.regex.Pattern;

/**
 * What a Zoom user identifier may be, and when two of them name the same user. One identifier is {@code me} (the
 * credentials' own user), a Zoom user id, or an email address; every accepted form is printable ASCII, so nothing
 * outside it can be folded into a valid one.
 * <p>
 * Two identifiers name the same user when their {@link #comparisonKey(String) keys} are equal: {@code me} in any case
 * is {@code me}; an email address compares with only {@code A-Z} folded to {@code a-z} (Zoom treats addresses so);
 * a Zoom user id compares exactly.
 */
public final class ZoomUserIds {

    /** The identifier of the credentials' own user. */
    public static final String ME = "me";
    /** Longest email address accepted (RFC 5321 path limit). */
    public static final int MAX_EMAIL_LENGTH = 254;
    private static final int MAX_LOCAL_PART_LENGTH = 64;
    private static final String ZOOM_USER_ID_REGEX = "[A-Za-z0-9_-]{1,64}";
    // RFC 5321 atext without the characters that are unsafe in a URL path (# % / ?), dot-separated.
    private static final String EMAIL_REGEX = "[A-Za-z0-9!$&'*+=^_`{|}~-]+(\\.[A-Za-z0-9!$&'*+=^_`{|}~-]+)*"
            + "@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+";
    /**
     * The accepted forms as one regular expression, for API descriptions; {@link #check} also bounds the lengths
     * ({@value #MAX_EMAIL_LENGTH} in all, 64 before the {@code @}).
     */
    public static final String PATTERN = "^([Mm][Ee]|" + ZOOM_USER_ID_REGEX + "|" + EMAIL_REGEX + ")$";
    private static final Pattern ZOOM_USER_ID = Pattern.compile(ZOOM_USER_ID_REGEX);
    private static final Pattern EMAIL = Pattern.compile(EMAIL_REGEX);

    private ZoomUserIds() {
    }

    /**
     * {@code userId} in the form it is sent in: {@code me} for any case of it, anything else unchanged.
     *
     * @throws InvalidTokenRequestException (field {@code userId}) when it is not {@code me}, a Zoom user id or an
     *                                      email address
     */
    public static String check(String userId) {
        if (userId == null || userId.isEmpty()) {
            throw new InvalidTokenRequestException("userId", "userId is required");
        }
        if (isMe(userId)) {
            return ME;
        }
        if (ZOOM_USER_ID.matcher(userId).matches()) {
            return userId;
        }
        if (userId.length() > MAX_EMAIL_LENGTH) {
            throw new InvalidTokenRequestException("userId",
                    "userId is too long: an email address has at most " + MAX_EMAIL_LENGTH + " characters");
        }
        int at = userId.lastIndexOf('@');
        if (at > 0 && at <= MAX_LOCAL_PART_LENGTH && EMAIL.matcher(userId).matches()) {
            return userId;
        }
        throw new InvalidTokenRequestException("userId",
                "userId must be 'me', a Zoom user id (letters, digits, '-' and '_', at most 64) or an email address");
    }

    /** Whether {@code userId} is accepted by {@link #check(String)}. */
    public static boolean isValid(String userId) {
        try {
            check(userId);
            return true;
        } catch (InvalidTokenRequestException invalid) {
            return false;
        }
    }

    /** Whether {@code userId} is {@code me}, in any case. */
    public static boolean isMe(String userId) {
        return userId != null && userId.length() == 2 && asciiLowerCase(userId).equals(ME);
    }

    /** Whether a valid {@code userId} is an email address (as opposed to {@code me} or a Zoom user id). */
    public static boolean isEmail(String userId) {
        return userId.indexOf('@') >= 0;
    }

    /**
     * The form in which two valid identifiers of the same user are equal: {@code me}; an email with {@code A-Z}
     * folded to {@code a-z} and nothing else; a Zoom user id as it is.
     *
     * @throws InvalidTokenRequestException when {@code userId} is not valid, so no look-alike can get a key
     */
    public static String comparisonKey(String userId) {
        return keyOfChecked(check(userId));
    }

    /** {@link #comparisonKey} of an identifier {@link #check} has already returned. */
    static String keyOfChecked(String checked) {
        return isEmail(checked) ? asciiLowerCase(checked) : checked;
    }

    /** Whether {@code a} and {@code b} are valid identifiers of the same user; false when either is invalid. */
    public static boolean sameUser(String a, String b) {
        return isValid(a) && isValid(b) && comparisonKey(a).equals(comparisonKey(b));
    }

    private static String asciiLowerCase(String value) {
        char[] chars = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (chars == null) {
                    chars = value.toCharArray();
                }
                chars[i] = (char) (c + ('a' - 'A'));
            }
        }
        return chars == null ? value : new String(chars);
    }
}
