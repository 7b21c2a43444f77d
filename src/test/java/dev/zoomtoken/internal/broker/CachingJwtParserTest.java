package dev.zoomtoken.internal.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/** The cache in front of caller-JWT verification, with a counting verifier and a hand-moved clock. */
class CachingJwtParserTest {

    private static final long NOW = 1_800_000_000_000L;

    private final AtomicLong clock = new AtomicLong(NOW);
    private final AtomicInteger verifications = new AtomicInteger();
    private static final String TOKEN_A = compact("{\"upn\":\"alice@example.com\",\"jti\":\"a\"}");
    private static final String TOKEN_B = compact("{\"upn\":\"alice@example.com\",\"jti\":\"b\"}");
    private static final String TOKEN_C = compact("{\"upn\":\"alice@example.com\",\"jti\":\"c\"}");
    private static final String NUMBER_UPN = compact("{\"upn\":42}");
    private static final String STRING_GROUPS = compact(
            "{\"upn\":\"alice@example.com\",\"groups\":\"x zoom-token-admin\"}");

    private final Map<String, Long> expiryByToken = Map.of(TOKEN_A, NOW / 1000 + 3600, TOKEN_B, NOW / 1000 + 60,
            TOKEN_C, NOW / 1000 + 3600, NUMBER_UPN, NOW / 1000 + 3600, STRING_GROUPS, NOW / 1000 + 3600);
    private final JWTParser verifier = (JWTParser) Proxy.newProxyInstance(JWTParser.class.getClassLoader(),
            new Class<?>[]{ JWTParser.class }, (proxy, method, args) -> {
                if (!method.getName().equals("parse") || args.length != 1) {
                    throw new UnsupportedOperationException(method.getName());
                }
                verifications.incrementAndGet();
                Long expiry = expiryByToken.get((String) args[0]);
                if (expiry == null) {
                    throw new ParseException("bad signature");
                }
                return jwt(expiry);
            });
    private final CachingJwtParser parser = new CachingJwtParser(verifier, clock::get);

    @Test
    void aTokenIsVerifiedOnceAndReused() throws ParseException {
        JsonWebToken first = parser.parse(TOKEN_A);

        assertSame(first, parser.parse(TOKEN_A));
        assertEquals(1, verifications.get());
        parser.parse(TOKEN_C);
        assertEquals(2, verifications.get(), "another token is verified on its own");
    }

    @Test
    void entriesEndAtTheTokensExpiry() throws ParseException {
        parser.parse(TOKEN_B);
        clock.addAndGet(59_999);
        parser.parse(TOKEN_B);
        assertEquals(1, verifications.get());

        clock.addAndGet(1);
        parser.parse(TOKEN_B);
        assertEquals(2, verifications.get(), "reused past exp");
    }

    @Test
    void entriesEndAfterFiveMinutesAtMost() throws ParseException {
        parser.parse(TOKEN_A);
        clock.addAndGet(CachingJwtParser.MAX_AGE_MINUTES * 60_000L - 1);
        parser.parse(TOKEN_A);
        assertEquals(1, verifications.get());

        clock.addAndGet(1);
        parser.parse(TOKEN_A);
        assertEquals(2, verifications.get());
    }

    @Test
    void failuresAreNeverCached() {
        for (int i = 0; i < 3; i++) {
            assertThrows(ParseException.class, () -> parser.parse("forged"));
        }
        assertEquals(3, verifications.get());
    }

    @Test
    void signedTokensWithIdentityClaimsOfTheWrongTypeAreRefusedAndNotCached() {
        for (int i = 0; i < 2; i++) {
            assertThrows(ParseException.class, () -> parser.parse(NUMBER_UPN));
            assertThrows(ParseException.class, () -> parser.parse(STRING_GROUPS));
        }
        assertEquals(4, verifications.get(), "a refused token was cached");
    }

    /** A compact JWS shape with {@code claims} as its payload (the fake verifier decides validity). */
    private static String compact(String claims) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    private static JsonWebToken jwt(long expirationTime) {
        return new JsonWebToken() {
            @Override
            public String getName() {
                return "alice@example.com";
            }

            @Override
            public Set<String> getClaimNames() {
                return Set.of("exp");
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String claimName) {
                return "exp".equals(claimName) ? (T) Long.valueOf(expirationTime) : null;
            }
        };
    }
}
