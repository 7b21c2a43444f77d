package dev.zoomtoken.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.zoomtoken.model.RateLimit;

class RateLimitHeadersTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final Instant RESET = Instant.parse("2026-11-22T12:00:01Z");

    @ParameterizedTest
    @ValueSource(strings = { "2026-11-22T12:00:01Z", "2026-11-22T13:00:01+01:00", "2026-11-22T07:00:01-05:00",
            "Sun, 22 Nov 2026 12:00:01 GMT", "1", " 1 ", " 2026-11-22T12:00:01Z " })
    void retryAfterFormatsAllGiveTheSameInstant(String value) {
        assertEquals(RESET, RateLimitHeaders.retryAt(value, NOW));
    }

    @Test
    void retryAfterKeepsFractionalSeconds() {
        assertEquals(Instant.parse("2026-11-22T12:00:01.250Z"),
                RateLimitHeaders.retryAt("2026-11-22T12:00:01.250Z", NOW));
    }

    @Test
    void retryAfterSecondsCountFromNow() {
        assertEquals(NOW.plusSeconds(3), RateLimitHeaders.retryAt("3", NOW));
        assertEquals(NOW, RateLimitHeaders.retryAt("0", NOW));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { "   ", "soon", "-3", "1.5", "3s", "99999999999999999999", "9999999999",
            "2026-11-22", "2026-11-22T12:00:01", "Mon, 22 Nov 2026 12:00:01 GMT", "2026-13-45T99:00:00Z" })
    void unusableRetryAfterIsNull(String value) {
        assertNull(RateLimitHeaders.retryAt(value, NOW));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {
            "QPS, QPS", "qps, QPS", "' Qps ', QPS", "Daily-limit, DAILY", "daily, DAILY",
            "NULL, UNKNOWN", "'', UNKNOWN", "Per-second, UNKNOWN", "burst, UNKNOWN" })
    void type(String header, RateLimit.Type expected) {
        assertEquals(expected, RateLimitHeaders.type(header));
    }

    @Test
    void parseReadsEveryHeader() {
        RateLimit rateLimit = RateLimitHeaders.parse(headers(Map.of(
                "x-ratelimit-type", "QPS",
                "X-RATELIMIT-CATEGORY", " Light ",
                "X-RateLimit-Limit", "30",
                "X-RateLimit-Remaining", " 0 ",
                "retry-after", "2026-11-22T12:00:01Z")), NOW);

        assertEquals(new RateLimit(RateLimit.Type.QPS, "Light", 30, 0, RESET), rateLimit);
    }

    @Test
    void parseTurnsUnusableHeadersIntoNull() {
        RateLimit rateLimit = RateLimitHeaders.parse(headers(Map.of(
                "X-RateLimit-Type", "whatever",
                "X-RateLimit-Category", "  ",
                "X-RateLimit-Limit", "thirty",
                "X-RateLimit-Remaining", "99999999999",
                "Retry-After", "soon")), NOW);

        assertEquals(new RateLimit(RateLimit.Type.UNKNOWN, null, null, null, null), rateLimit);
    }

    @Test
    void parseWithoutHeaders() {
        RateLimit rateLimit = RateLimitHeaders.parse(headers(Map.of()), NOW);

        assertEquals(new RateLimit(RateLimit.Type.UNKNOWN, null, null, null, null), rateLimit);
    }

    @Test
    void parseDailyLimitWithSecondsRetryAfter() {
        RateLimit rateLimit = RateLimitHeaders.parse(headers(Map.of(
                "X-RateLimit-Type", "Daily-limit", "Retry-After", "3")), NOW);

        assertEquals(RateLimit.Type.DAILY, rateLimit.type());
        assertEquals(NOW.plusSeconds(3), rateLimit.retryAt());
    }

    /** A case-insensitive header lookup, as HTTP header names are. */
    private static UnaryOperator<String> headers(Map<String, String> values) {
        Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        map.putAll(values);
        return map::get;
    }
}
