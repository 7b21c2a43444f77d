package dev.zoomtoken.internal.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import dev.zoomtoken.model.Secrets;

/**
 * The body of a 200 from {@code GET /users/{userId}/token}. {@code token} is null for users Zoom cannot issue the
 * type for.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ZoomTokenResponse(String token) {

    @Override
    public String toString() {
        return "ZoomTokenResponse[token=" + Secrets.mask(token) + "]";
    }
}
