package dev.zoomtoken.internal.connection;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import dev.zoomtoken.internal.crypto.Hashes;
import dev.zoomtoken.internal.crypto.RandomTokens;

/**
 * One user-level authorization about to start: a new single-use {@code state}, a PKCE {@code codeVerifier}, and
 * Zoom's authorization page for them ({@code response_type=code}, the app's client id and redirect URI, the state,
 * the verifier's S256 challenge). {@link #toString()} shows none of them.
 */
public record AuthorizationRequest(String state, String codeVerifier, URI authorizeUrl) {

    /** A new authorization at Zoom's page {@code authorizeUrl} for the app {@code clientId}. */
    public static AuthorizationRequest start(URI authorizeUrl, String clientId, URI redirectUri) {
        String state = RandomTokens.next();
        String verifier = RandomTokens.next();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", clientId);
        query.put("redirect_uri", redirectUri.toString());
        query.put("state", state);
        query.put("code_challenge", Base64.getUrlEncoder().withoutPadding().encodeToString(
                Hashes.sha256(verifier.getBytes(StandardCharsets.US_ASCII))));
        query.put("code_challenge_method", "S256");
        String base = authorizeUrl.toString();
        return new AuthorizationRequest(state, verifier, URI.create(base + (base.contains("?") ? "&" : "?")
                + query.entrySet().stream()
                        .map(entry -> entry.getKey() + "="
                                + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&"))));
    }

    @Override
    public String toString() {
        return "AuthorizationRequest[state=<hidden>, codeVerifier=<hidden>, authorizeUrl=<hidden>]";
    }
}
