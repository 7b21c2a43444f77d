package dev.zoomtoken.internal.broker;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

import jakarta.json.JsonObject;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;

/**
 * Test-only caller identities: configures the broker to trust the test key pair in {@code src/test/resources/broker}
 * (by file path, so it also works for the packaged application) and signs caller JWTs with it.
 */
public class CallerKeys implements QuarkusTestResourceLifecycleManager {

    public static final String ISSUER = "https://issuer.test.zoom-user-token.dev";

    @Override
    public Map<String, String> start() {
        return Map.of(
                "mp.jwt.verify.publickey.location", resourcePath("broker/test-public-key.pem"),
                "mp.jwt.verify.issuer", ISSUER);
    }

    @Override
    public void stop() {
    }

    /** A valid caller JWT with {@code upn} and the given groups. */
    public static String forUpn(String upn, String... groups) {
        return sign(claims().upn(upn).groups(Set.of(groups)), "test-private-key.pem");
    }

    /** Claims with the trusted issuer and a lifetime of five minutes; add the identity claims yourself. */
    public static JwtClaimsBuilder claims() {
        return Jwt.issuer(ISSUER).issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(300));
    }

    /** {@code json} as the claims, with the trusted issuer and a lifetime of five minutes. */
    public static JwtClaimsBuilder claims(JsonObject json) {
        return Jwt.claims(json).issuer(ISSUER).issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(300));
    }

    /** Signs with RS256 and the test key ({@code test-private-key.pem}) or an untrusted one. */
    public static String sign(JwtClaimsBuilder claims, String keyFile) {
        try {
            PrivateKey key = KeyUtils.readPrivateKey("broker/" + keyFile);
            return claims.jws().algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.RS256).sign(key);
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign test JWT", e);
        }
    }

    /**
     * A JWT signed with the trusted test key whose claims are {@code claimsJson} exactly as written, for claims a JSON
     * library would not write (a {@code \\ud800} escape: a lone surrogate); issuer and times are added.
     */
    public static String signRaw(String claimsJson) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        long now = Instant.now().getEpochSecond();
        String claims = "{\"iss\":\"" + ISSUER + "\",\"iat\":" + now + ",\"exp\":" + (now + 300) + ","
                + claimsJson.substring(claimsJson.indexOf('{') + 1);
        String signingInput = base64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(
                java.nio.charset.StandardCharsets.UTF_8)) + "." + base64.encodeToString(
                        claims.getBytes(
                                java.nio.charset.StandardCharsets.UTF_8));
        try {
            java.security.Signature rsa = java.security.Signature.getInstance("SHA256withRSA");
            rsa.initSign(KeyUtils.readPrivateKey("broker/test-private-key.pem"));
            rsa.update(signingInput.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return signingInput + "." + base64.encodeToString(rsa.sign());
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign test JWT", e);
        }
    }

    /** An unsigned token ({@code "alg": "none"}) claiming to be {@code upn}. */
    public static String unsigned(String upn) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = base64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes());
        long now = Instant.now().getEpochSecond();
        String payload = base64.encodeToString(("{\"iss\":\"" + ISSUER + "\",\"upn\":\"" + upn + "\",\"iat\":" + now
                + ",\"exp\":" + (now + 300) + ",\"groups\":[\"" + CallerPolicy.ADMIN_GROUP + "\"]}").getBytes());
        return header + "." + payload + ".";
    }

    private static String resourcePath(String resource) {
        try {
            return Path.of(CallerKeys.class.getClassLoader().getResource(resource).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
