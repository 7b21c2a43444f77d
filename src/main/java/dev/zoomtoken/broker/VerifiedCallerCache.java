package dev.zoomtoken.broker;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.smallrye.jwt.runtime.auth.MpJwtValidator;
import io.smallrye.mutiny.Uni;

/**
 * Verifies each distinct caller JWT once: the identity MicroProfile JWT builds for a token is reused for later
 * requests with the very same token string, until the token's {@code exp} and for at most {@value #MAX_AGE_MINUTES}
 * minutes. Callers send one JWT many times, and signature checking and claim parsing were the broker's largest cost.
 * Failures are never cached. At most {@value #MAX_ENTRIES} tokens are kept; a key rotation takes effect for cached
 * tokens within the maximum age.
 */
@ApplicationScoped
@IfBuildProperty(name = "zoom.broker.enabled", stringValue = "true")
public class VerifiedCallerCache implements IdentityProvider<TokenAuthenticationRequest> {

    static final int MAX_AGE_MINUTES = 5;
    static final int MAX_ENTRIES = 10_000;
    private static final long MAX_AGE_MILLIS = Duration.ofMinutes(MAX_AGE_MINUTES).toMillis();

    private final IdentityProvider<TokenAuthenticationRequest> verifier;
    private final LongSupplier clockMillis;
    private final ConcurrentMap<String, Verified> verified = new ConcurrentHashMap<>();

    @Inject
    VerifiedCallerCache(MpJwtValidator verifier) {
        this(verifier, System::currentTimeMillis);
    }

    VerifiedCallerCache(IdentityProvider<TokenAuthenticationRequest> verifier, LongSupplier clockMillis) {
        this.verifier = verifier;
        this.clockMillis = clockMillis;
    }

    private record Verified(SecurityIdentity identity, long untilMillis) {
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /** Ahead of MicroProfile JWT's own validator, which it calls for tokens it has not verified yet. */
    @Override
    public int priority() {
        return 1;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String token = request.getToken().getToken();
        long now = clockMillis.getAsLong();
        Verified known = verified.get(token);
        if (known != null) {
            if (now < known.untilMillis()) {
                return Uni.createFrom().item(known.identity());
            }
            verified.remove(token, known);
        }
        return verifier.authenticate(request, context).invoke(identity -> remember(token, identity, now));
    }

    private void remember(String token, SecurityIdentity identity, long now) {
        if (identity == null || !(identity.getPrincipal() instanceof JsonWebToken jwt) || jwt.getExpirationTime() <= 0) {
            return;
        }
        long until = Math.min(jwt.getExpirationTime() * 1000, now + MAX_AGE_MILLIS);
        if (until <= now) {
            return;
        }
        if (verified.size() >= MAX_ENTRIES) {
            verified.values().removeIf(entry -> entry.untilMillis() <= now);
            if (verified.size() >= MAX_ENTRIES) {
                verified.clear();
            }
        }
        verified.put(token, new Verified(identity, until));
    }
}
