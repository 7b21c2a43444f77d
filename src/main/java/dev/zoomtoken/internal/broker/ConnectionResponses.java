package dev.zoomtoken.internal.broker;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import dev.zoomtoken.model.ConnectionAuthorization;
import dev.zoomtoken.model.ConnectionInfo;
import dev.zoomtoken.model.TokenType;

/** The JSON bodies of the connections API. */
final class ConnectionResponses {

    private ConnectionResponses() {
    }

    /** {@code {"authorize_url": "...", "expires_in": 600}}. */
    @JsonPropertyOrder({ "authorize_url", "expires_in" })
    // @formatter:off
    record Authorize(@JsonProperty("authorize_url") String authorizeUrl, @JsonProperty("expires_in") long expiresIn) {
    // @formatter:on

        static Authorize of(ConnectionAuthorization authorization) {
            return new Authorize(authorization.authorizeUrl().toString(), authorization.expiresIn().toSeconds());
        }

        @Override
        public String toString() {
            return "Authorize[authorizeUrl=<hidden>, expiresIn=" + expiresIn + "]";
        }
    }

    /** A connection as shown: never a token. {@code token_types}: what its scopes mint, in Zoom's wire names. */
    @JsonPropertyOrder({ "zoom_user_id", "zoom_account_id", "scopes", "token_types", "status", "connected_at" })
    // @formatter:off
    record Connection(@JsonProperty("zoom_user_id") String zoomUserId,
            @JsonProperty("zoom_account_id") String zoomAccountId, @JsonProperty("scopes") String scopes,
            @JsonProperty("token_types") List<String> tokenTypes, @JsonProperty("status") String status,
            @JsonProperty("connected_at") Instant connectedAt) {
    // @formatter:on

        static Connection of(ConnectionInfo info) {
            return new Connection(info.zoomUserId(), info.zoomAccountId(), info.scopes(), info.tokenTypes().stream()
                    .sorted().map(TokenType::wireValue).toList(), info.status(), info.connectedAt());
        }
    }

    /** {@code {"confirmation": "..."}}: the code the callback gave the browser (read by {@link JsonBody}). */
    // @formatter:off
    record Confirm(@JsonProperty(FIELD) String confirmation) {
    // @formatter:on

        static final String FIELD = "confirmation";

        @Override
        public String toString() {
            return "Confirm[confirmation=<hidden>]";
        }
    }
}
