package dev.zoomtoken.internal.connection;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.zoomtoken.internal.config.ZoomConfig;
import dev.zoomtoken.internal.crypto.Hashes;
import dev.zoomtoken.model.ConnectionEvent;
import dev.zoomtoken.model.InvalidTokenRequestException;
import dev.zoomtoken.model.ZoomNotConfiguredException;
import io.smallrye.mutiny.Uni;

/**
 * Zoom's webhook calls for connected users: verifies the signature over the raw body before reading anything
 * ({@link WebhookSignature}), answers {@code endpoint.url_validation}, and on {@code app_deauthorized} deletes the
 * connections of that Zoom user made before the deauthorization, once (a {@link ConnectionEvent.Type#DEAUTHORIZED}
 * event for each): the same signed event again is answered and ignored, on every replica (remembered in the
 * database). Other events are accepted and ignored.
 */
@ApplicationScoped
public class ZoomWebhooks {

    /** The largest webhook body read; Zoom's events are a few hundred bytes. */
    public static final int MAX_BODY = 64 * 1024;
    private static final Logger LOG = Logger.getLogger(ZoomWebhooks.class);
    /** A key given twice or trailing data is malformed JSON, not a choice. */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private final ConnectionStores stores;
    private final ConnectionEvents events;
    private final Optional<String> clientId;
    private final Optional<String> secret;
    private final Clock clock;

    @Inject
    ZoomWebhooks(ConnectionStores stores, ConnectionEvents events, ZoomConfig config) {
        this(stores, events, config.userOauth().clientId(), config.webhook().secretToken(), Clock.systemUTC());
    }

    ZoomWebhooks(ConnectionStores stores, ConnectionEvents events, Optional<String> clientId, Optional<String> secret,
            Clock clock) {
        this.stores = stores;
        this.events = events;
        this.clientId = clientId;
        this.secret = secret.filter(token -> !token.isBlank());
        this.clock = clock;
    }

    /**
     * Handles one call: {@code signature} and {@code timestamp} are Zoom's {@code x-zm-signature} and
     * {@code x-zm-request-timestamp}, {@code body} the raw body.
     *
     * @return the JSON fields to answer with, empty for a plain 200
     */
    public Uni<Optional<Map<String, String>>> handle(String signature, String timestamp, byte[] body) {
        if (secret.isEmpty() || !stores.enabled()) {
            return Uni.createFrom().failure(new ZoomNotConfiguredException("The webhook endpoint needs connected users "
                    + "and ZOOM_WEBHOOK_SECRET_TOKEN (zoom.webhook.secret-token), the app's secret token"));
        }
        try {
            if (body == null || body.length == 0 || body.length > MAX_BODY) {
                throw new InvalidTokenRequestException("body", "a webhook body has 1 to " + MAX_BODY + " bytes");
            }
            WebhookSignature verifier = new WebhookSignature(secret.get(), clock);
            Instant signedAt = verifier.verify(signature, timestamp, body);
            JsonNode event = JSON.readTree(body);
            String name = event.path("event").asText("");
            JsonNode payload = event.path("payload");
            return switch (name) {
                case "endpoint.url_validation" -> Uni.createFrom().item(Optional.of(validation(payload, verifier)));
                case "app_deauthorized" -> deauthorized(payload, signature, signedAt);
                default -> {
                    LOG.debugf("Webhook event %s ignored", name.length() > 64 ? name.substring(0, 64) : name);
                    yield Uni.createFrom().item(Optional.empty());
                }
            };
        } catch (IOException notJson) {
            return Uni.createFrom().failure(new InvalidTokenRequestException("body", "the webhook body is not JSON"));
        } catch (RuntimeException refused) {
            return Uni.createFrom().failure(refused);
        }
    }

    private static Map<String, String> validation(JsonNode payload, WebhookSignature verifier) {
        String plainToken = payload.path("plainToken").asText("");
        if (plainToken.isEmpty() || plainToken.length() > 256) {
            throw new InvalidTokenRequestException("body", "endpoint.url_validation needs payload.plainToken");
        }
        return Map.of("plainToken", plainToken, "encryptedToken", verifier.encrypt(plainToken));
    }

    private Uni<Optional<Map<String, String>>> deauthorized(JsonNode payload, String signature, Instant signedAt) {
        String zoomUser = payload.path("user_id").asText("");
        String forClient = payload.path("client_id").asText("");
        if (zoomUser.isEmpty() || zoomUser.length() > 64) {
            throw new InvalidTokenRequestException("body", "app_deauthorized needs payload.user_id");
        }
        if (!forClient.isEmpty() && !clientId.filter(forClient::equals).isPresent()) {
            LOG.debug("app_deauthorized for another app's client id ignored");
            return Uni.createFrom().item(Optional.empty());
        }
        Instant deauthorizedAt = deauthorizationTime(payload, signedAt);
        Instant remembered = signedAt.plus(WebhookSignature.TOLERANCE).plus(WebhookSignature.FUTURE_SKEW);
        return stores.call(store -> {
            if (!store.rememberWebhookEvent(Hashes.sha256Hex(signature.strip()), remembered)) {
                LOG.info("A replayed app_deauthorized event was ignored");
                return Optional.<Map<String, String>>empty();
            }
            List<ConnectionIds> deleted = store.deleteByZoomUser(zoomUser, deauthorizedAt);
            LOG.infof("Zoom deauthorized the app for a user: %d connection(s) deleted", deleted.size());
            deleted.forEach(connection -> events.fire(ConnectionEvent.Type.DEAUTHORIZED, connection,
                    ConnectionEvent.DELETED));
            return Optional.<Map<String, String>>empty();
        });
    }

    /**
     * When the user took the app off: {@code payload.deauthorization_time}, but never later than Zoom signed the
     * event, and the signing time when the field is missing or unreadable. Connections made after it are not this
     * deauthorization's.
     */
    private static Instant deauthorizationTime(JsonNode payload, Instant signedAt) {
        String stated = payload.path("deauthorization_time").asText("");
        if (stated.isEmpty()) {
            return signedAt;
        }
        try {
            Instant at = Instant.parse(stated);
            return at.isBefore(signedAt) ? at : signedAt;
        } catch (DateTimeParseException unreadable) {
            LOG.debug("app_deauthorized with an unreadable deauthorization_time: the signing time is used");
            return signedAt;
        }
    }
}
