package dev.zoomtoken.internal.broker;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import dev.zoomtoken.model.Secrets;

/**
 * The broker's 200 body: {@code {"token": "...", "type": "zak", "expires_at": "2026-11-22T12:00:00Z"}}.
 *
 * @param token     the user's token
 * @param type      {@code zak}, {@code onbehalf} or {@code token}
 * @param expiresAt when it expires (UTC, whole seconds, rounded down); present only when a ttl was requested
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "token", "type", "expires_at" })
// @formatter:off
public record TokenResponse(
        @Schema(required = true, description = "The user's token") @JsonProperty("token") String token,
        @Schema(required = true, enumeration = { "zak", "onbehalf", "token" }) @JsonProperty("type") String type,
        @Schema(description = "When the token expires (UTC, whole seconds); only when a ttl was sent",
                format = "date-time")
        @JsonProperty("expires_at") Instant expiresAt) {
// @formatter:on

    @Override
    public String toString() {
        return "TokenResponse[token=" + Secrets.mask(token) + ", type=" + type + ", expiresAt=" + expiresAt + "]";
    }
}
