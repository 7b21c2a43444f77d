package dev.zoomtoken.internal.http;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.UnaryOperator;

import dev.zoomtoken.model.RateLimit;

/**
 * Reads Zoom's rate-limit headers leniently: anything missing or unparsable becomes null, never an error.
 * {@code Retry-After} may be an ISO-8601 timestamp (what Zoom documents), a number of seconds, or an HTTP date.
 */
public final class RateLimitHeaders {

    private RateLimitHeaders() {
    }

    /**
     * @param header looks up a response header by name, null when absent
     * @param now    the time a relative {@code Retry-After} counts from
     */
    public static RateLimit parse(UnaryOperator<String> header, Instant now) {
        return new RateLimit(type(header.apply("X-RateLimit-Type")),
                blankToNull(header.apply("X-RateLimit-Category")),
                integer(header.apply("X-RateLimit-Limit")),
                integer(header.apply("X-RateLimit-Remaining")),
                retryAt(header.apply("Retry-After"), now));
    }

    static RateLimit.Type type(String value) {
        if (value == null) {
            return RateLimit.Type.UNKNOWN;
        }
        String lower = value.trim().toLowerCase(Locale.ROOT);
        if (lower.equals("qps")) {
            return RateLimit.Type.QPS;
        }
        return lower.contains("daily") ? RateLimit.Type.DAILY : RateLimit.Type.UNKNOWN;
    }

    static Instant retryAt(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim();
        if (text.chars().allMatch(Character::isDigit)) {
            return text.length() > 9 ? null : now.plusSeconds(Long.parseLong(text));
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notIso) {
            try {
                return ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (DateTimeParseException notHttpDate) {
                return null;
            }
        }
    }

    private static Integer integer(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
