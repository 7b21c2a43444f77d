package dev.zoomtoken.internal.auth;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.zoomtoken.model.Secrets;

/**
 * The token endpoint's answer: {@code {"access_token", "token_type", "expires_in", "scope", "api_url"}}. There is no
 * refresh token; a new access token is requested before this one expires.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OAuthTokenResponse(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") Long expiresIn,
        @JsonProperty("scope") String scope,
        @JsonProperty("api_url") String apiUrl) {

    @Override
    public String toString() {
        return "OAuthTokenResponse[accessToken=" + Secrets.mask(accessToken) + ", tokenType=" + tokenType
                + ", expiresIn=" + expiresIn + ", scope=" + scope + ", apiUrl=" + apiUrl + "]";
    }
}
