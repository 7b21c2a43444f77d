package dev.zoomtoken;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.zoomtoken.internal.auth.AccessToken;
import dev.zoomtoken.internal.auth.OAuthTokenResponse;
import dev.zoomtoken.internal.auth.UserOAuthClient;
import dev.zoomtoken.internal.client.ZoomApiClient;
import dev.zoomtoken.internal.config.ZoomConfig;
import dev.zoomtoken.internal.connection.ConnectionAccessTokens;
import dev.zoomtoken.internal.connection.ConnectionStores;
import dev.zoomtoken.internal.connection.NewConnection;
import dev.zoomtoken.internal.connection.StoredConnection;
import dev.zoomtoken.internal.connection.WebhookSignature;
import dev.zoomtoken.model.ConnectionAuthorization;
import dev.zoomtoken.model.ConnectionConfirmation;
import dev.zoomtoken.model.ConnectionInfo;
import dev.zoomtoken.model.InvalidTokenRequestException;
import dev.zoomtoken.model.Principals;
import dev.zoomtoken.model.UserToken;
import dev.zoomtoken.model.UserTokenRequest;
import dev.zoomtoken.model.ZoomAuthorizationException;
import dev.zoomtoken.model.ZoomNotConfiguredException;
import dev.zoomtoken.model.ZoomNotConnectedException;
import dev.zoomtoken.model.ZoomOAuthException;
import dev.zoomtoken.model.ZoomUserIds;
import io.smallrye.mutiny.Uni;

/**
 * Connected users: Zoom users who authorized the app (user-level OAuth), so that ZAK and OBF tokens can be minted with
 * their own credentials, also for meetings outside this Zoom account. A connection links one caller principal (a name
 * the application chooses; the broker uses the caller JWT's principal) to one Zoom user. On when
 * {@code zoom.user-oauth.client-id} is set; see the README for the Zoom app and the settings.
 * <p>
 * Flow: {@link #authorize} gives the URL to send the user's browser to; Zoom sends it back to the redirect URI with a
 * code and the state, which {@link #complete} exchanges and keeps until the caller {@link #confirm confirms} it from
 * the browser that came back; {@link #tokenAsync} then mints tokens for the principal, refreshing the connection's
 * tokens when needed (once, for all replicas). Token calls go through the same retries, circuit breaker, deadline and
 * rate budget as the account's, spending the connected user's account budget.
 */
@ApplicationScoped
public class ZoomConnections {

    /** How long an authorization may take, from {@link #authorize} to {@link #complete}. */
    public static final Duration AUTHORIZATION_LIFETIME = Duration.ofMinutes(10);
    private static final Logger LOG = Logger.getLogger(ZoomConnections.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The largest webhook body read; Zoom's events are a few hundred bytes. */
    static final int MAX_WEBHOOK_BODY = 64 * 1024;
    /** Reads webhook bodies; a key given twice is malformed JSON, not a choice between two values. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final ConnectionStores stores;
    private final ConnectionAccessTokens accessTokens;
    private final UserOAuthClient oauth;
    private final ZoomApiClient zoom;
    private final ZoomUserTokens tokens;
    private final ZoomConfig.UserOAuth settings;
    private final Optional<String> webhookSecret;
    private final Clock clock;

    @Inject
    ZoomConnections(ConnectionStores stores, ConnectionAccessTokens accessTokens, UserOAuthClient oauth,
            ZoomApiClient zoom, ZoomUserTokens tokens, ZoomConfig config) {
        this.stores = stores;
        this.accessTokens = accessTokens;
        this.oauth = oauth;
        this.zoom = zoom;
        this.tokens = tokens;
        this.settings = config.userOauth();
        this.webhookSecret = config.webhook().secretToken().filter(secret -> !secret.isBlank());
        this.clock = Clock.systemUTC();
    }

    /** Whether connected users are configured ({@code zoom.user-oauth.client-id}). */
    public boolean enabled() {
        return stores.enabled();
    }

    /**
     * Starts an authorization for {@code principal}: Zoom's authorization page with a new single-use state (bound to
     * the principal, valid {@link #AUTHORIZATION_LIFETIME}) and a PKCE S256 challenge. Blocks on the database.
     */
    public ConnectionAuthorization authorize(String principal) {
        requireEnabled();
        requirePrincipal(principal);
        String state = random();
        String verifier = random();
        stores.store().saveAuthorization(sha256Hex(state), principal, verifier,
                clock.instant().plus(AUTHORIZATION_LIFETIME));
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", settings.clientId().orElseThrow());
        query.put("redirect_uri", settings.redirectUri().orElseThrow().toString());
        query.put("state", state);
        query.put("code_challenge", base64Url(sha256(verifier.getBytes(StandardCharsets.US_ASCII))));
        query.put("code_challenge_method", "S256");
        String base = settings.authorizeUrl().toString();
        URI url = URI.create(base + (base.contains("?") ? "&" : "?") + query.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")));
        return new ConnectionAuthorization(url, AUTHORIZATION_LIFETIME);
    }

    /**
     * Completes an authorization from Zoom's redirect: takes the state (once; unknown, expired or used states fail
     * with {@link ZoomAuthorizationException} and nothing is exchanged), exchanges the code with the PKCE verifier,
     * learns the Zoom user from {@code GET /users/me}, and keeps the result until the caller who started the
     * authorization {@linkplain #confirm confirms} it with the returned code. {@code error} is Zoom's {@code error}
     * parameter ({@code access_denied} when the user declined).
     * <p>
     * Why a confirmation: the state proves that the authorization was started by its caller, not that the person who
     * approved it at Zoom is that caller. Without it, anyone could start an authorization, send the link to someone
     * else, and get that person's ZAK and OBF tokens once they approve. The code travels only in the approving
     * browser, to the application in which that person is signed in.
     */
    public Uni<ConnectionConfirmation> complete(String code, String state, String error) {
        if (!enabled()) {
            return Uni.createFrom().failure(notConfigured());
        }
        if (state == null || state.isBlank() || state.length() > 200) {
            return Uni.createFrom().failure(new ZoomAuthorizationException("The callback has no valid state"));
        }
        return stores.call(store -> store.takeAuthorization(sha256Hex(state))).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().failure(new ZoomAuthorizationException(
                        "The authorization's state is unknown, expired or used already: start again"));
            }
            if (error != null && !error.isBlank()) {
                return Uni.createFrom().failure(new ZoomAuthorizationException("Zoom did not authorize the app ("
                        + (error.equals("access_denied") ? "the user declined" : "error from Zoom") + ")"));
            }
            if (code == null || code.isBlank() || code.length() > 2000) {
                return Uni.createFrom().failure(new ZoomAuthorizationException("The callback has no valid code"));
            }
            String principal = found.get().principal();
            Instant requestedAt = clock.instant();
            return oauth.exchangeCode(accessTokens.app(), code, settings.redirectUri().orElseThrow().toString(),
                    found.get().codeVerifier())
                    .onFailure(ZoomOAuthException.class).transform(refused -> refused(((ZoomOAuthException) refused)))
                    .chain(response -> keepForConfirmation(principal, response, requestedAt)
                            .onFailure().call(failure -> revokeQuietly(response.accessToken())));
        });
    }

    /**
     * Keeps what Zoom granted until {@code principal} confirms it: learns the Zoom user, checks every value before it
     * is stored, and returns the confirmation code.
     */
    private Uni<ConnectionConfirmation> keepForConfirmation(String principal, OAuthTokenResponse response,
            Instant requestedAt) {
        return zoom.me(new AccessToken(response.accessToken(), null))
                .map(me -> NewConnection.authorized(principal, response, me.id(), me.accountId(), requestedAt))
                .chain(authorized -> stores.call(store -> {
                    String confirmation = random();
                    store.saveConfirmation(sha256Hex(confirmation), authorized,
                            clock.instant().plus(AUTHORIZATION_LIFETIME));
                    return new ConnectionConfirmation(confirmation, AUTHORIZATION_LIFETIME);
                }));
    }

    /**
     * Revokes a grant that is being dropped (best effort): a disconnection, or an authorization that failed after the
     * code exchange, which then leaves no working token behind at Zoom either.
     */
    private Uni<Void> revokeQuietly(String token) {
        if (token == null || token.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return oauth.revoke(accessTokens.app(), token).onFailure().recoverWithItem(failure -> {
            LOG.infof("Revoking a dropped grant at Zoom failed (%s); going on without it",
                    failure.getClass().getSimpleName());
            return null;
        });
    }

    /**
     * Stores the connection that Zoom authorized under {@code confirmation} ({@link #complete}), replacing an earlier
     * one of {@code principal}, when {@code principal} is the caller who started that authorization. The code works
     * once: unknown, expired or used codes, and codes of an authorization started by another caller, fail with
     * {@link ZoomAuthorizationException} and store nothing (the tokens of another caller's authorization are dropped).
     * Blocks on the database.
     */
    public ConnectionInfo confirm(String principal, String confirmation) {
        requireEnabled();
        requirePrincipal(principal);
        if (confirmation == null || confirmation.isBlank() || confirmation.length() > 200) {
            throw new InvalidTokenRequestException("confirmation", "the confirmation code from the return URL is "
                    + "required, at most 200 characters");
        }
        NewConnection authorized = stores.store().takeConfirmation(sha256Hex(confirmation))
                .orElseThrow(() -> new ZoomAuthorizationException(
                        "The confirmation code is unknown, expired or used already: connect again"));
        if (!authorized.principal().equals(principal)) {
            LOG.warn("A connection confirmation was refused: the authorization was started by another caller; "
                    + "nothing was stored");
            throw new ZoomAuthorizationException("This authorization was started by another caller: nothing was "
                    + "stored. Connect from your own account");
        }
        return info(stores.store().save(authorized));
    }

    /** The connection of {@code principal}, if any; never a token. Blocks on the database. */
    public Optional<ConnectionInfo> status(String principal) {
        requireEnabled();
        requirePrincipal(principal);
        return stores.store().find(principal).map(ZoomConnections::info);
    }

    private static ConnectionInfo info(StoredConnection connection) {
        return new ConnectionInfo(connection.zoomUserId(), connection.zoomAccountId(), connection.scopes(),
                connection.status().value(), connection.connectedAt());
    }

    /**
     * A token of {@code principal}'s connected Zoom user, minted with that user's credentials from
     * {@code GET /users/me/token}. {@code request} names {@code me} as its user: a connection's tokens are always its
     * own user's. Fails with {@link ZoomNotConnectedException} without a connection and with
     * {@link dev.zoomtoken.model.ZoomReauthorizationRequiredException} when Zoom refused its refresh token. OBF tokens
     * are never cached or shared.
     */
    public Uni<UserToken> tokenAsync(String principal, UserTokenRequest request) {
        if (!enabled()) {
            return Uni.createFrom().failure(notConfigured());
        }
        if (request == null || !ZoomUserIds.ME.equals(request.userId())) {
            return Uni.createFrom().failure(new InvalidTokenRequestException("userId",
                    "a connection's tokens are its own user's: ask for me"));
        }
        return checked(principal).chain(valid -> stores.call(store -> store.find(valid))).chain(found -> found
                .map(connection -> tokens.fetch(request, accessTokens.of(connection)))
                .orElseGet(() -> Uni.createFrom().failure(new ZoomNotConnectedException())));
    }

    /**
     * Disconnects {@code principal}: revokes the connection's token at Zoom (best effort: Zoom then uninstalls the app
     * for that user and sends {@code app_deauthorized}) and deletes the connection.
     *
     * @return false when there was no connection
     */
    public Uni<Boolean> disconnect(String principal) {
        if (!enabled()) {
            return Uni.createFrom().failure(notConfigured());
        }
        return checked(principal).chain(valid -> stores.call(store -> store.find(valid))).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(false);
            }
            StoredConnection connection = found.get();
            String token = connection.accessToken().orElse(connection.refreshToken());
            return revokeQuietly(token).chain(() -> stores.call(store -> store.delete(principal)));
        });
    }

    /**
     * Handles a call to the webhook endpoint: verifies Zoom's signature over the raw {@code body} (and the timestamp,
     * within five minutes) before reading anything, answers {@code endpoint.url_validation}, and on
     * {@code app_deauthorized} deletes every connection of that Zoom user made before the deauthorization (a connection
     * made after it stays), once: the same signed event again is answered and ignored. Other events are accepted and
     * ignored.
     *
     * @return the JSON fields to answer with, empty for a plain 200
     */
    public Uni<Optional<Map<String, String>>> handleWebhook(String signature, String timestamp, byte[] body) {
        if (webhookSecret.isEmpty() || !enabled()) {
            return Uni.createFrom().failure(new ZoomNotConfiguredException("The webhook endpoint needs connected users "
                    + "and ZOOM_WEBHOOK_SECRET_TOKEN (zoom.webhook.secret-token), the app's secret token"));
        }
        JsonNode event;
        try {
            if (body == null || body.length == 0 || body.length > MAX_WEBHOOK_BODY) {
                throw new InvalidTokenRequestException("body", "a webhook body has 1 to " + MAX_WEBHOOK_BODY + " bytes");
            }
            WebhookSignature verifier = new WebhookSignature(webhookSecret.get(), clock);
            Instant signedAt = verifier.verify(signature, timestamp, body);
            event = JSON.readTree(body);
            String name = event.path("event").asText("");
            JsonNode payload = event.path("payload");
            if (name.equals("endpoint.url_validation")) {
                String plainToken = payload.path("plainToken").asText("");
                if (plainToken.isEmpty() || plainToken.length() > 256) {
                    throw new InvalidTokenRequestException("body", "endpoint.url_validation needs payload.plainToken");
                }
                return Uni.createFrom().item(Optional.of(Map.of("plainToken", plainToken, "encryptedToken",
                        verifier.encrypt(plainToken))));
            }
            if (!name.equals("app_deauthorized")) {
                LOG.debugf("Webhook event %s ignored", name.length() > 64 ? name.substring(0, 64) : name);
                return Uni.createFrom().item(Optional.empty());
            }
            String zoomUser = payload.path("user_id").asText("");
            String clientId = payload.path("client_id").asText("");
            if (zoomUser.isEmpty() || zoomUser.length() > 64) {
                throw new InvalidTokenRequestException("body", "app_deauthorized needs payload.user_id");
            }
            if (!clientId.isEmpty() && !clientId.equals(settings.clientId().orElseThrow())) {
                LOG.debug("app_deauthorized for another app's client id ignored");
                return Uni.createFrom().item(Optional.empty());
            }
            Instant deauthorizedAt = deauthorizationTime(payload, signedAt);
            Instant remembered = signedAt.plus(WebhookSignature.TOLERANCE).plus(WebhookSignature.FUTURE_SKEW);
            return stores.call(store -> store.rememberWebhookEvent(sha256Hex(signature.strip()), remembered)
                    ? store.deleteByZoomUser(zoomUser, deauthorizedAt) : -1).map(deleted -> {
                        if (deleted < 0) {
                            LOG.info("A replayed app_deauthorized event was ignored");
                        } else {
                            LOG.infof("Zoom deauthorized the app for a user: %d connection(s) deleted", deleted);
                        }
                        return Optional.<Map<String, String>>empty();
                    });
        } catch (java.io.IOException notJson) {
            return Uni.createFrom().failure(new InvalidTokenRequestException("body", "the webhook body is not JSON"));
        } catch (RuntimeException refused) {
            return Uni.createFrom().failure(refused);
        }
    }

    /**
     * When the user took the app off: {@code payload.deauthorization_time}, but never later than Zoom signed the
     * event, and the signing time when the field is missing or unreadable. Connections made after it are not this
     * deauthorization's, so a replayed event (within the signature's five minutes) cannot delete a new connection.
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

    private static ZoomAuthorizationException refused(ZoomOAuthException refused) {
        return new ZoomAuthorizationException("Zoom refused the authorization code ("
                + refused.oauthError().orElse("") + (refused.zoomCode().isPresent() ? " "
                        + refused.zoomCode().getAsInt() : "") + "): start again");
    }

    private void requireEnabled() {
        if (!enabled()) {
            throw notConfigured();
        }
    }

    private static void requirePrincipal(String principal) {
        Principals.check(principal);
    }

    /** {@code principal} once {@link Principals#check} accepts it, else its refusal, as a failed Uni. */
    private static Uni<String> checked(String principal) {
        return Uni.createFrom().item(principal).map(Principals::check);
    }

    private static ZoomNotConfiguredException notConfigured() {
        return new ZoomNotConfiguredException("Connected users are off: set ZOOM_USER_OAUTH_CLIENT_ID, "
                + "ZOOM_USER_OAUTH_CLIENT_SECRET, ZOOM_USER_OAUTH_REDIRECT_URI and ZOOM_USER_OAUTH_ENCRYPTION_KEY");
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return base64Url(bytes);
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256Hex(String value) {
        return HexFormat.of().formatHex(sha256(value.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] sha256(byte[] value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
