package dev.zoomtoken.broker;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import dev.zoomtoken.Secrets;

/**
 * The broker's 200 body: {@code {"token": "...", "type": "zak", "expires_at": "2026-11-22T12:00:00Z"}}.
 *
 * @param token     the user's token
 * @param type      {@code zak}, {@code onbehalf} or {@code token}
 * @param expiresAt when it expires (UTC, whole seconds, rounded down); present only when a ttl was requested
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "token", "type", "expires_at" })
public record TokenResponse(
        @JsonProperty("token") String token,
        @JsonProperty("type") String type,
        @JsonProperty("expires_at") Instant expiresAt) {

    @Override
    public String toString() {
        return "TokenResponse[token=" + Secrets.mask(token) + ", type=" + type + ", expiresAt=" + expiresAt + "]";
    }
}
