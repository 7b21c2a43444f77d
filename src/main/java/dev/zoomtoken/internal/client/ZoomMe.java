package dev.zoomtoken.internal.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Who a user-level access token belongs to, from {@code GET /users/me}: the Zoom user id and account id. Nothing else
 * of the body (name, email) is read.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
// @formatter:off
public record ZoomMe(@JsonProperty("id") String id, @JsonProperty("account_id") String accountId) {
// @formatter:on
}
