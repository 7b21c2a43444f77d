package dev.zoomtoken.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** No look-alike of a user's name is the same user: identity is ASCII-only, and only emails fold A-Z. */
class ZoomUserIdsTest {

    /** Each look-alike, written where an ASCII letter of "kate@example.com" or "KdYKjn" would be. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "KELVIN SIGN            | \u212Aate@example.com",
            "KELVIN SIGN in an id   | \u212AdYKjn",
            "ANGSTROM SIGN          | \u212Bnna@example.com",
            "dotless i              | \u0131nes@example.com",
            "capital I with dot     | \u0130nes@example.com",
            "long s                 | \u017Fam@example.com",
            "sharp s                | \u00DF@example.com",
            "fullwidth k            | \uFF4Bate@example.com",
            "fullwidth capital K    | \uFF2Bate@example.com",
            "combining acute        | ka\u0301te@example.com",
            "combining dot above    | kate\u0307@example.com",
            "Cyrillic a             | k\u0430te@example.com",
            "zero-width space       | kate\u200B@example.com",
            "fullwidth at           | kate\uFF20example.com",
    })
    void lookAlikesAreNotValidAndNeverTheSameUser(String what, String lookAlike) {
        assertFalse(ZoomUserIds.isValid(lookAlike), what);
        assertThrows(InvalidTokenRequestException.class, () -> ZoomUserIds.comparisonKey(lookAlike), what);
        String folded = lookAlike.toLowerCase(Locale.ROOT);
        String upper = lookAlike.toUpperCase(Locale.ROOT);
        for (String target : new String[]{ folded, upper, "kate@example.com", "anna@example.com", "ines@example.com",
                "sam@example.com", "ss@example.com", "KdYKjn", "kdykjn" }) {
            assertFalse(ZoomUserIds.sameUser(lookAlike, target), what + " vs " + target);
            assertFalse(ZoomUserIds.sameUser(target, lookAlike), target + " vs " + what);
        }
    }

    @ParameterizedTest
    @CsvSource({ "Kate@Example.COM, kate@example.com", "KATE@EXAMPLE.COM, kate@example.com", "me, ME", "mE, Me" })
    void emailsAndMeFoldOnlyAsciiLetters(String a, String b) {
        assertTrue(ZoomUserIds.sameUser(a, b));
        assertEquals(ZoomUserIds.comparisonKey(a), ZoomUserIds.comparisonKey(b));
    }

    @ParameterizedTest
    @CsvSource({ "KdYKjnimT4KPd8FFgQt9FQ, kdykjnimt4kpd8ffgqt9fq", "abc, ABC", "me, me@example.com",
            "kate@example.com, kate@example.co", "kate@example.com, kate" })
    void zoomUserIdsCompareExactly(String a, String b) {
        assertFalse(ZoomUserIds.sameUser(a, b));
        assertNotEquals(ZoomUserIds.comparisonKey(a), ZoomUserIds.comparisonKey(b));
    }

    @ParameterizedTest
    @ValueSource(strings = { "me", "ME", "Me", "mE" })
    void meInAnyCaseIsSentAsMe(String me) {
        assertTrue(ZoomUserIds.isMe(me));
        assertEquals("me", ZoomUserIds.check(me));
        assertEquals("me", UserTokenRequest.zak(me).userId());
    }

    @ParameterizedTest
    @ValueSource(strings = { "m\u00E9", "\u217Fe", "mee", "m" })
    void notMe(String value) {
        assertFalse(ZoomUserIds.isMe(value));
    }

    @ParameterizedTest
    @ValueSource(strings = { "me", "ME", "KdYKjnimT4KPd8FFgQt9FQ", "a_b-c", "kate@example.com",
            "o'hara+x@a.example.org",
            "", "m\u00E9", "a;b", "..", "a.b", "kate@", "@example.com", "kate@example", "kate@-x.com", "kate@x-.com",
            "\u212Aate@example.com", "kate@example.com ", "ka te@example.com", "kate@@example.com" })
    void thePublishedPatternAgreesWithTheCheck(String value) {
        assertEquals(ZoomUserIds.isValid(value), java.util.regex.Pattern.matches(ZoomUserIds.PATTERN, value), value);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "a;b=c", "..", ".", "a/b", "a%2Fb" })
    void invalidIdsMatchNoOne(String value) {
        assertFalse(ZoomUserIds.sameUser(value, value));
    }
}
