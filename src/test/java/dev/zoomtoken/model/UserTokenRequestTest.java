package dev.zoomtoken.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class UserTokenRequestTest {

    private static final String LABEL_63 = "b".repeat(63);

    /** 64 + 1 + 189 = 254 characters; local part 64, every DNS label at most 63. */
    static final String EMAIL_254 = "a".repeat(64) + "@" + LABEL_63 + "." + LABEL_63 + "." + "c".repeat(57) + ".com";
    static final String EMAIL_255 = "a".repeat(64) + "@" + LABEL_63 + "." + LABEL_63 + "." + "c".repeat(58) + ".com";

    static Stream<String> acceptedUserIds() {
        return Stream.of("me", "KdYKjnimT4KPd8FFgQt9FQ", "abc_DEF-123", "x".repeat(64),
                "alice@example.com", "a.b+tag@sub.example.co.uk", "o'brien@example.com", EMAIL_254);
    }

    static Stream<String> rejectedUserIds() {
        return Stream.of(".", "..", "a/b", "a;b", "a?b", "a#b", "a%41", "a b", " me", "me ", "a\tb", "a\u0000b",
                "a\u001fb", "me\n", "a\nb", "caf\u00e9", "\u00fcser@example.com", "alice@ex\u00e4mple.com",
                "x".repeat(65), "a".repeat(65) + "@example.com", EMAIL_255, "alice@", "@x.com", "alice@localhost",
                "alice@example.com/../x", "alice@@example.com");
    }

    @ParameterizedTest
    @MethodSource("acceptedUserIds")
    void userKeyIsTheComparisonKey(String userId) {
        assertEquals(ZoomUserIds.comparisonKey(userId), UserTokenRequest.zak(userId).userKey());
        assertEquals(ZoomUserIds.comparisonKey(userId.toUpperCase(java.util.Locale.ROOT)),
                UserTokenRequest.zak(userId.toUpperCase(java.util.Locale.ROOT)).userKey());
    }

    @ParameterizedTest
    @MethodSource("acceptedUserIds")
    void acceptsMeZoomIdsAndEmails(String userId) {
        assertEquals(userId, UserTokenRequest.zak(userId).userId());
    }

    @Test
    void theLongEmailIsReallyAtTheLimit() {
        assertEquals(254, EMAIL_254.length());
        assertEquals(255, EMAIL_255.length());
    }

    @ParameterizedTest
    @NullAndEmptySource
    void userIdIsRequired(String userId) {
        InvalidTokenRequestException e = rejected(() -> UserTokenRequest.zak(userId), "userId");
        assertTrue(e.getMessage().contains("required"), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("rejectedUserIds")
    void rejectsUnsafeOrMalformedUserIds(String userId) {
        InvalidTokenRequestException e = rejected(() -> UserTokenRequest.zak(userId), "userId");
        assertTrue(e.getMessage().contains("userId"), e.getMessage());
    }

    @Test
    void tooLongEmailMessageNamesTheLimit() {
        InvalidTokenRequestException e = rejected(() -> UserTokenRequest.zak(EMAIL_255), "userId");
        assertTrue(e.getMessage().contains("254"), e.getMessage());
    }

    @Test
    void malformedUserIdMessageExplainsWhatIsAccepted() {
        InvalidTokenRequestException e = rejected(() -> UserTokenRequest.zak("a/b"), "userId");
        assertTrue(e.getMessage().contains("'me'") && e.getMessage().contains("64")
                && e.getMessage().contains("email"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(longs = { 1, 31_536_000 })
    void ttlLimitsAreAcceptedForZakAndOnBehalf(long seconds) {
        Duration ttl = Duration.ofSeconds(seconds);
        assertEquals(seconds, UserTokenRequest.zak("me", ttl).ttlSeconds());
        assertEquals(seconds, UserTokenRequest.onBehalf("me", "123", ttl).ttlSeconds());
    }

    @ParameterizedTest
    @ValueSource(longs = { 0, -1, -31_536_000, 31_536_001, 68_423_085 })
    void ttlOutOfRangeIsRejected(long seconds) {
        Duration ttl = Duration.ofSeconds(seconds);
        for (TokenType type : new TokenType[]{ TokenType.ZAK, TokenType.ONBEHALF }) {
            InvalidTokenRequestException e = rejected(() -> new UserTokenRequest("me", type, ttl,
                    type == TokenType.ONBEHALF ? "123" : null), "ttl");
            assertTrue(e.getMessage().contains("31536000"), e.getMessage());
            assertTrue(e.getMessage().contains(Long.toString(seconds)), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(longs = { 1500, 999, -1500 })
    void fractionalTtlIsRejected(long millis) {
        InvalidTokenRequestException e = rejected(() -> UserTokenRequest.zak("me", Duration.ofMillis(millis)), "ttl");
        assertTrue(e.getMessage().contains("whole number of seconds"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(longs = { 1, 60, 31_536_000 })
    void sdkTokenTakesNoTtl(long seconds) {
        InvalidTokenRequestException e = rejected(
                () -> new UserTokenRequest("me", TokenType.TOKEN, Duration.ofSeconds(seconds), null), "ttl");
        assertTrue(e.getMessage().contains("zak and onbehalf"), e.getMessage());
    }

    @ParameterizedTest
    @NullAndEmptySource
    void onBehalfNeedsAMeetingId(String meetingId) {
        InvalidTokenRequestException e = rejected(() -> UserTokenRequest.onBehalf("me", meetingId), "meetingId");
        assertTrue(e.getMessage().contains("required"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = { "123 456", "abc", "12-34", "-1", "1.5", " 123", "\u0661\u0662\u0663",
            "123456789012345678901" })
    void meetingIdIsDigitsOnly(String meetingId) {
        InvalidTokenRequestException e = rejected(() -> UserTokenRequest.onBehalf("me", meetingId), "meetingId");
        assertTrue(e.getMessage().contains("digits"), e.getMessage());
    }

    @Test
    void numericMeetingIdIsAcceptedForOnBehalf() {
        UserTokenRequest request = UserTokenRequest.onBehalf("me", "85746065432");
        assertEquals("85746065432", request.meetingId());
        assertEquals(TokenType.ONBEHALF, request.type());
    }

    @ParameterizedTest
    @EnumSource(value = TokenType.class, names = { "ZAK", "TOKEN" })
    void meetingIdIsOnlyForOnBehalf(TokenType type) {
        InvalidTokenRequestException e = rejected(() -> new UserTokenRequest("me", type, null, "123"), "meetingId");
        assertTrue(e.getMessage().contains("onbehalf"), e.getMessage());
    }

    @Test
    void typeIsRequired() {
        InvalidTokenRequestException e = rejected(() -> new UserTokenRequest("me", null, null, null), "type");
        assertTrue(e.getMessage().contains("required"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = { "ZAK", "Zak", "ZA\u212A", "za\u212A", "zak\u0000", "\uFF5Aak" })
    void typeIsMatchedExactlyWithoutCaseFolding(String value) {
        rejected(() -> TokenType.fromWireValue(value), "type");
    }

    @Test
    void everyTypeRoundTripsThroughItsWireValue() {
        for (TokenType type : TokenType.values()) {
            assertEquals(type, TokenType.fromWireValue(type.wireValue()));
        }
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { "zpk", "sdk", "onbehalf " })
    void unknownTypeIsRejected(String value) {
        InvalidTokenRequestException e = rejected(() -> TokenType.fromWireValue(value), "type");
        assertTrue(e.getMessage().contains("zak, onbehalf, token"), e.getMessage());
    }

    @Test
    void ttlSecondsIsNullWithoutTtl() {
        assertNull(UserTokenRequest.zak("me").ttlSeconds());
        assertNull(UserTokenRequest.sdkToken("me").ttlSeconds());
        assertEquals(3600L, UserTokenRequest.zak("me", Duration.ofHours(1)).ttlSeconds());
    }

    @Test
    void userIdIsEmailOnlyForEmails() {
        assertTrue(UserTokenRequest.zak("alice@example.com").userIdIsEmail());
        assertFalse(UserTokenRequest.zak("me").userIdIsEmail());
        assertFalse(UserTokenRequest.zak("KdYKjnimT4KPd8FFgQt9FQ").userIdIsEmail());
    }

    private static InvalidTokenRequestException rejected(Runnable request, String field) {
        InvalidTokenRequestException e = assertThrows(InvalidTokenRequestException.class, request::run);
        assertEquals(field, e.field(), e.getMessage());
        return e;
    }
}
