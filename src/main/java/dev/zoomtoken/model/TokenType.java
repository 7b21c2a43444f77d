package dev.zoomtoken.model;

/**
 * The kinds of user token Zoom issues from {@code GET /users/{userId}/token}, with the value sent as {@code type}.
 */
public enum TokenType {
    /** Zoom Access Key: starts a meeting as its host (start URL, Meeting SDK). Accepts a ttl. */
    ZAK("zak", true),
    /** On-behalf-of (OBF) token: joins a given meeting for the user. Single use; needs a meeting id; accepts a ttl. */
    ONBEHALF("onbehalf", true),
    /** The old SDK token. Deprecated by Zoom, null for users who sign in with Google or Facebook. No ttl. */
    TOKEN("token", false);

    private final String wireValue;
    private final boolean acceptsTtl;

    TokenType(String wireValue, boolean acceptsTtl) {
        this.wireValue = wireValue;
        this.acceptsTtl = acceptsTtl;
    }

    /** The value of Zoom's {@code type} query parameter. */
    public String wireValue() {
        return wireValue;
    }

    /** Whether Zoom honours a {@code ttl} for this type. */
    public boolean acceptsTtl() {
        return acceptsTtl;
    }

    /**
     * Parses Zoom's wire value: exactly {@code zak}, {@code onbehalf} or {@code token} (lower case, nothing folded).
     *
     * @throws InvalidTokenRequestException for any other value
     */
    public static TokenType fromWireValue(String value) {
        for (TokenType type : values()) {
            if (type.wireValue.equals(value)) {
                return type;
            }
        }
        throw new InvalidTokenRequestException("type", "type must be one of zak, onbehalf, token");
    }
}
