package dev.zoomtoken.internal.broker;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

import javax.crypto.SecretKey;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Verifies each distinct caller JWT once. MicroProfile JWT checks every request's token (signature, issuer, expiry);
 * callers send the same token many times, and that check was the broker's largest cost. The verified token is reused
 * for requests with the very same token string until its {@code exp}, and for at most {@value #MAX_AGE_MINUTES}
 * minutes, so a key rotation reaches cached tokens within that time. A verified token whose identity claims have the
 * wrong JSON type is refused ({@link CallerClaims}). Failures are never cached; at most
 * {@value #MAX_ENTRIES} tokens are kept. Everything but the two {@code parse} methods goes straight to MicroProfile
 * JWT's own parser.
 */
@Alternative
@Priority(1)
@ApplicationScoped
@IfBuildProperty(name = "zoom.broker.enabled", stringValue = "true")
public class CachingJwtParser implements JWTParser {

    static final int MAX_AGE_MINUTES = 5;
    static final int MAX_ENTRIES = 10_000;
    private static final long MAX_AGE_MILLIS = Duration.ofMinutes(MAX_AGE_MINUTES).toMillis();

    private final JWTParser verifier;
    private final LongSupplier clockMillis;
    private final ConcurrentMap<String, Verified> verified = new ConcurrentHashMap<>();

    @Inject
    CachingJwtParser(DefaultJWTParser verifier) {
        this(verifier, System::currentTimeMillis);
    }

    CachingJwtParser(JWTParser verifier, LongSupplier clockMillis) {
        this.verifier = verifier;
        this.clockMillis = clockMillis;
    }

    private record Verified(JsonWebToken jwt, long untilMillis) {
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        long now = clockMillis.getAsLong();
        Verified known = verified.get(token);
        if (known != null) {
            if (now < known.untilMillis()) {
                return known.jwt();
            }
            verified.remove(token, known);
        }
        JsonWebToken jwt;
        try {
            jwt = verifier.parse(token);
        } catch (RuntimeException malformed) {
            throw new ParseException("The caller JWT could not be read", malformed);
        }
        CallerClaims.check(token);
        remember(token, jwt, now);
        return jwt;
    }

    private void remember(String token, JsonWebToken jwt, long now) {
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
        verified.put(token, new Verified(jwt, until));
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        JsonWebToken jwt;
        try {
            jwt = verifier.parse(token, context);
        } catch (RuntimeException malformed) {
            throw new ParseException("The caller JWT could not be read", malformed);
        }
        CallerClaims.check(token);
        return jwt;
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return verifier.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return verifier.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return verifier.parseOnly(token);
    }
}
