package dev.zoomtoken.internal.auth;

import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.zoomtoken.model.Secrets;

/**
 * The token endpoint's answer: {@code {"access_token", "token_type", "expires_in", "scope", "api_url"}}, plus a
 * {@code refresh_token} for user-level OAuth (Server-to-Server OAuth has none: a new access token is requested before
 * this one expires). {@link #toString()} shows neither token.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
// @formatter:off
public record OAuthTokenResponse(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") Long expiresIn,
        @JsonProperty("scope") String scope,
        @JsonProperty("api_url") String apiUrl,
        @JsonProperty("refresh_token") String refreshToken) {
// @formatter:on

    private static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);

    /** A Server-to-Server answer (no refresh token). */
    public OAuthTokenResponse(String accessToken, String tokenType, Long expiresIn, String scope, String apiUrl) {
        this(accessToken, tokenType, expiresIn, scope, apiUrl, null);
    }

    /** How long the access token is valid: {@code expires_in}, or an hour (Zoom's lifetime) when it is missing. */
    public Duration lifetime() {
        return expiresIn == null || expiresIn <= 0 ? DEFAULT_LIFETIME : Duration.ofSeconds(expiresIn);
    }

    /** When the access token of an answer to a request sent at {@code requestedAt} expires. */
    public Instant expiresAt(Instant requestedAt) {
        return requestedAt.plus(lifetime());
    }

    @Override
    public String toString() {
        return "OAuthTokenResponse[accessToken=" + Secrets.mask(accessToken) + ", tokenType=" + tokenType
                + ", expiresIn=" + expiresIn + ", scope=" + scope + ", apiUrl=" + apiUrl + ", refreshToken="
                + (refreshToken == null ? "null" : "<hidden>") + "]";
    }
}
