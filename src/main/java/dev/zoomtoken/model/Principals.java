package dev.zoomtoken.model;

/**
 * The rule for a connection's principal, the caller name a connection belongs to: 1 to {@value #MAX_LENGTH}
 * characters of well-formed Unicode text, not blank, without control characters (Unicode category Cc: NUL, tab, line
 * breaks, DEL, C1). Text that passes is stored and compared as the same characters by the connections database, so
 * two principals that differ in Java are never one row there: a lone UTF-16 surrogate (which the PostgreSQL driver
 * sends as {@code ?}) and NUL (which PostgreSQL cannot store) never reach it.
 */
public final class Principals {

    /** Longest principal, in UTF-16 code units (the column holds as many characters). */
    public static final int MAX_LENGTH = 320;
    /** The field named when a principal is refused. */
    public static final String FIELD = "principal";

    private Principals() {
    }

    /**
     * {@code principal}, unchanged, when it follows the rule.
     *
     * @throws InvalidTokenRequestException (field {@value #FIELD}) saying which part of the rule it breaks, without
     *                                      quoting it
     */
    public static String check(String principal) {
        String broken = brokenRule(principal);
        if (broken != null) {
            throw new InvalidTokenRequestException(FIELD, "the principal " + broken);
        }
        return principal;
    }

    /** Whether {@code principal} follows the rule. */
    public static boolean isValid(String principal) {
        return brokenRule(principal) == null;
    }

    private static String brokenRule(String principal) {
        if (principal == null || principal.isBlank()) {
            return "is required";
        }
        if (principal.length() > MAX_LENGTH) {
            return "is longer than " + MAX_LENGTH + " characters";
        }
        for (int i = 0; i < principal.length(); i++) {
            char c = principal.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < principal.length()
                    && Character.isLowSurrogate(principal.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "is not well-formed Unicode (a lone surrogate)";
            } else if (Character.getType(c) == Character.CONTROL) {
                return "has a control character";
            }
        }
        return null;
    }
}
