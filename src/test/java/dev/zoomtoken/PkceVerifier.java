package dev.zoomtoken;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.matching.MatchResult;
import com.github.tomakehurst.wiremock.matching.RequestMatcherExtension;

/**
 * A WireMock matcher that does what Zoom does with PKCE: a code exchange matches only when
 * {@code BASE64URL(SHA-256(code_verifier))} of its form body equals the {@code challenge} parameter (the
 * {@code code_challenge} sent to the authorize page). Use as {@code .andMatching(PkceVerifier.NAME,
 * Parameters.one("challenge", challenge))}.
 */
public class PkceVerifier extends RequestMatcherExtension {

    public static final String NAME = "pkce";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public MatchResult match(Request request, Parameters parameters) {
        String verifier = null;
        for (String pair : request.getBodyAsString().split("&")) {
            if (pair.startsWith("code_verifier=")) {
                verifier = URLDecoder.decode(pair.substring("code_verifier=".length()), StandardCharsets.UTF_8);
            }
        }
        if (verifier == null) {
            return MatchResult.noMatch();
        }
        try {
            String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
            return MatchResult.of(challenge.equals(parameters.getString("challenge")));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
