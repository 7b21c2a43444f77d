package dev.zoomtoken.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/** The cache in front of JWT verification, with a counting verifier and a hand-moved clock. */
class VerifiedCallerCacheTest {

    private static final long NOW = 1_800_000_000_000L;

    private final AtomicLong clock = new AtomicLong(NOW);
    private final AtomicInteger verifications = new AtomicInteger();
    private final Map<String, Long> expiryByToken = Map.of("token-a", NOW / 1000 + 3600, "token-b", NOW / 1000 + 60,
            "token-c", NOW / 1000 + 3600);
    private final IdentityProvider<TokenAuthenticationRequest> verifier = new IdentityProvider<>() {
        @Override
        public Class<TokenAuthenticationRequest> getRequestType() {
            return TokenAuthenticationRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request,
                io.quarkus.security.identity.AuthenticationRequestContext context) {
            verifications.incrementAndGet();
            String token = request.getToken().getToken();
            if (!expiryByToken.containsKey(token)) {
                return Uni.createFrom().failure(new AuthenticationFailedException("bad signature"));
            }
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder().setPrincipal(jwt(expiryByToken.get(token))).build());
        }
    };
    private final VerifiedCallerCache cache = new VerifiedCallerCache(verifier, clock::get);

    @Test
    void aTokenIsVerifiedOnceAndItsIdentityReused() {
        SecurityIdentity first = authenticate("token-a");
        SecurityIdentity second = authenticate("token-a");

        assertSame(first, second);
        assertEquals(1, verifications.get());
        authenticate("token-c");
        assertEquals(2, verifications.get(), "another token is verified on its own");
    }

    @Test
    void entriesEndAtTheTokensExpiry() {
        authenticate("token-b");
        clock.addAndGet(59_000);
        authenticate("token-b");
        assertEquals(1, verifications.get());

        clock.addAndGet(1_000);
        authenticate("token-b");
        assertEquals(2, verifications.get(), "reused past exp");
    }

    @Test
    void entriesEndAfterFiveMinutesAtMost() {
        authenticate("token-a");
        clock.addAndGet(VerifiedCallerCache.MAX_AGE_MINUTES * 60_000L - 1);
        authenticate("token-a");
        assertEquals(1, verifications.get());

        clock.addAndGet(1);
        authenticate("token-a");
        assertEquals(2, verifications.get());
    }

    @Test
    void failuresAreNeverCached() {
        for (int i = 0; i < 3; i++) {
            assertThrows(AuthenticationFailedException.class, () -> authenticate("forged"));
        }
        assertEquals(3, verifications.get());
    }

    private SecurityIdentity authenticate(String token) {
        return cache.authenticate(new TokenAuthenticationRequest(new TokenCredential(token, "bearer")), null)
                .await().indefinitely();
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
