package dev.zoomtoken.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
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
    private final Map<String, Long> expiryByToken = Map.of("token-a", NOW / 1000 + 3600, "token-b", NOW / 1000 + 60,
            "token-c", NOW / 1000 + 3600);
    private final JWTParser verifier = (JWTParser) Proxy.newProxyInstance(JWTParser.class.getClassLoader(),
            new Class<?>[] { JWTParser.class }, (proxy, method, args) -> {
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
        JsonWebToken first = parser.parse("token-a");

        assertSame(first, parser.parse("token-a"));
        assertEquals(1, verifications.get());
        parser.parse("token-c");
        assertEquals(2, verifications.get(), "another token is verified on its own");
    }

    @Test
    void entriesEndAtTheTokensExpiry() throws ParseException {
        parser.parse("token-b");
        clock.addAndGet(59_999);
        parser.parse("token-b");
        assertEquals(1, verifications.get());

        clock.addAndGet(1);
        parser.parse("token-b");
        assertEquals(2, verifications.get(), "reused past exp");
    }

    @Test
    void entriesEndAfterFiveMinutesAtMost() throws ParseException {
        parser.parse("token-a");
        clock.addAndGet(CachingJwtParser.MAX_AGE_MINUTES * 60_000L - 1);
        parser.parse("token-a");
        assertEquals(1, verifications.get());

        clock.addAndGet(1);
        parser.parse("token-a");
        assertEquals(2, verifications.get());
    }

    @Test
    void failuresAreNeverCached() {
        for (int i = 0; i < 3; i++) {
            assertThrows(ParseException.class, () -> parser.parse("forged"));
        }
        assertEquals(3, verifications.get());
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
