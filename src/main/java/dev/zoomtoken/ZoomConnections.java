package dev.zoomtoken;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.zoomtoken.internal.connection.ConnectionAccessTokens;
import dev.zoomtoken.internal.connection.ConnectionEvents;
import dev.zoomtoken.internal.connection.ConnectionStores;
import dev.zoomtoken.internal.connection.StoredConnection;
import dev.zoomtoken.internal.connection.ZoomWebhooks;
import dev.zoomtoken.model.ConnectionAuthorization;
import dev.zoomtoken.model.ConnectionConfirmation;
import dev.zoomtoken.model.ConnectionEvent;
import dev.zoomtoken.model.ConnectionInfo;
import dev.zoomtoken.model.ConnectionScopes;
import dev.zoomtoken.model.InvalidTokenRequestException;
import dev.zoomtoken.model.Principals;
import dev.zoomtoken.model.UserToken;
import dev.zoomtoken.model.UserTokenRequest;
import dev.zoomtoken.model.ZoomAuthorizationException;
import dev.zoomtoken.model.ZoomNotConfiguredException;
import dev.zoomtoken.model.ZoomNotConnectedException;
import dev.zoomtoken.model.ZoomScopeNotGrantedException;
import dev.zoomtoken.model.ZoomUserIds;
import io.smallrye.mutiny.Uni;

/**
 * Connected users: Zoom users who authorized the app (user-level OAuth), so that ZAK and OBF tokens can be minted with
 * their own credentials, also for meetings outside this Zoom account. A connection links one caller principal (a name
 * the application chooses; the broker uses the caller JWT's principal; {@link Principals} says which names are
 * accepted) to one Zoom user. On when {@code zoom.user-oauth.client-id} is set; see the README for the Zoom app and
 * the settings.
 * <p>
 * Flow: {@link #authorize} gives the URL to send the user's browser to; Zoom sends it back to the redirect URI with a
 * code and the state, which {@link #completeAsync} exchanges and keeps until the caller {@link #confirm confirms} it
 * from the browser that came back; {@link #tokenAsync} then mints tokens for the principal, refreshing the
 * connection's tokens when needed (once, for all replicas). Token calls go through the same retries, circuit breaker,
 * deadline and rate budget as the account's, spending the connected user's account budget.
 * <p>
 * Every change of a connection (connected, reauthorization required, deauthorized at Zoom, disconnected, a keep-alive
 * failure) is fired as a CDI {@link ConnectionEvent} once it is committed, and delivered to
 * {@code zoom.user-oauth.events-url} when that is set.
 * <p>
 * Naming, as in {@link ZoomUserTokens}: a method ending in {@code Async} returns a {@link Uni} and never blocks; its
 * twin without the suffix waits for the result and must not be called on an I/O thread. Methods without a twin block
 * on the database.
 */
@ApplicationScoped
public class ZoomConnections {

    /** How long an authorization may take, from {@link #authorize} to {@link #confirm}, each step at most this. */
    public static final Duration AUTHORIZATION_LIFETIME = Duration.ofMinutes(10);

    private final ConnectionStores stores;
    private final ConnectionEvents events;
    private final ConnectionAccessTokens accessTokens;
    private final ConnectionAuthorizations authorizations;
    private final ZoomWebhooks webhooks;
    private final ZoomUserTokens tokens;

    @Inject
    ZoomConnections(ConnectionStores stores, ConnectionEvents events, ConnectionAccessTokens accessTokens,
            ConnectionAuthorizations authorizations, ZoomWebhooks webhooks, ZoomUserTokens tokens) {
        this.stores = stores;
        this.events = events;
        this.accessTokens = accessTokens;
        this.authorizations = authorizations;
        this.webhooks = webhooks;
        this.tokens = tokens;
    }

    /** Whether connected users are configured ({@code zoom.user-oauth.client-id}). */
    public boolean enabled() {
        return stores.enabled();
    }

    /**
     * Starts an authorization for {@code principal}: Zoom's authorization page with a new single-use state (bound to
     * the principal, valid {@link #AUTHORIZATION_LIFETIME}) and a PKCE S256 challenge. A principal has at most
     * {@value dev.zoomtoken.internal.connection.ConnectionStore#MAX_PENDING_AUTHORIZATIONS} authorizations in
     * progress; a new one drops the oldest.
     */
    public ConnectionAuthorization authorize(String principal) {
        requireEnabled();
        return authorizations.start(Principals.check(principal), AUTHORIZATION_LIFETIME);
    }

    /** {@link #completeAsync}, waiting for the result. */
    public ConnectionConfirmation complete(String code, String state, String error) {
        return completeAsync(code, state, error).await().indefinitely();
    }

    /**
     * Completes an authorization from Zoom's redirect: takes the state (once; unknown, expired or used states fail
     * with {@link ZoomAuthorizationException} and nothing is exchanged), exchanges the code with the PKCE verifier,
     * learns the Zoom user from {@code GET /users/me}, checks what Zoom sent, and keeps the result until the caller
     * who started the authorization {@linkplain #confirm confirms} it with the returned code. {@code error} is Zoom's
     * {@code error} parameter ({@code access_denied} when the user declined). Any failure after the code exchange
     * revokes the grant at Zoom.
     * <p>
     * Why a confirmation: the state proves that the authorization was started by its caller, not that the person who
     * approved it at Zoom is that caller. Without it, anyone could start an authorization, send the link to someone
     * else, and get that person's ZAK and OBF tokens once they approve. The code travels only in the approving
     * browser, to the application in which that person is signed in.
     */
    public Uni<ConnectionConfirmation> completeAsync(String code, String state, String error) {
        if (!enabled()) {
            return Uni.createFrom().failure(notConfigured());
        }
        return authorizations.complete(code, state, error, AUTHORIZATION_LIFETIME);
    }

    /**
     * Stores the connection that Zoom authorized under {@code confirmation} ({@link #completeAsync}), replacing an
     * earlier one of {@code principal}, when {@code principal} is the caller who started that authorization. The code
     * works once: unknown, expired or used codes, and codes of an authorization started by another caller, fail with
     * {@link ZoomAuthorizationException} and store nothing (the tokens of another caller's authorization are dropped).
     * A consent whose scopes mint no token ({@link ConnectionScopes}) fails with {@link ZoomScopeNotGrantedException}
     * naming them; its grant was revoked at Zoom when it came back, and nothing is stored.
     */
    public ConnectionInfo confirm(String principal, String confirmation) {
        requireEnabled();
        StoredConnection saved = stores.store().save(authorizations.confirm(Principals.check(principal),
                confirmation));
        events.fire(ConnectionEvent.Type.CONNECTED, saved, ConnectionEvent.ACTIVE);
        return info(saved);
    }

    /** The connection of {@code principal}, if any; never a token. */
    public Optional<ConnectionInfo> status(String principal) {
        requireEnabled();
        return stores.store().find(Principals.check(principal)).map(ZoomConnections::info);
    }

    /** {@link #tokenAsync}, waiting for the token. */
    public UserToken token(String principal, UserTokenRequest request) {
        return tokenAsync(principal, request).await().indefinitely();
    }

    /**
     * A token of {@code principal}'s connected Zoom user, minted with that user's credentials from
     * {@code GET /users/me/token}. {@code request} names {@code me} as its user: a connection's tokens are always its
     * own user's. Fails with {@link ZoomNotConnectedException} without a connection, with
     * {@link ZoomScopeNotGrantedException} for a type its scopes do not mint (before Zoom is called), and with
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
        return connectionOf(principal).chain(found -> found
                .map(connection -> ConnectionScopes.mintable(connection.scopes()).contains(request.type())
                        ? tokens.fetch(request, accessTokens.of(connection))
                        : Uni.createFrom().<UserToken>failure(ZoomScopeNotGrantedException.forType(request.type(),
                                connection.scopes())))
                .orElseGet(() -> Uni.createFrom().failure(new ZoomNotConnectedException())));
    }

    /** {@link #disconnectAsync}, waiting for the result. */
    public boolean disconnect(String principal) {
        return disconnectAsync(principal).await().indefinitely();
    }

    /**
     * Disconnects {@code principal}: revokes the connection's token at Zoom (best effort: Zoom then uninstalls the app
     * for that user and sends {@code app_deauthorized}) and deletes the connection.
     *
     * @return false when there was no connection
     */
    public Uni<Boolean> disconnectAsync(String principal) {
        if (!enabled()) {
            return Uni.createFrom().failure(notConfigured());
        }
        return connectionOf(principal).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(false);
            }
            StoredConnection connection = found.get();
            return authorizations.revokeQuietly(connection.accessToken().orElse(connection.refreshToken()))
                    .chain(() -> stores.call(store -> {
                        boolean deleted = store.delete(connection.principal());
                        if (deleted) {
                            events.fire(ConnectionEvent.Type.DISCONNECTED, connection, ConnectionEvent.DELETED);
                        }
                        return deleted;
                    }));
        });
    }

    /** {@link #handleWebhookAsync}, waiting for the result. */
    public Optional<Map<String, String>> handleWebhook(String signature, String timestamp, byte[] body) {
        return handleWebhookAsync(signature, timestamp, body).await().indefinitely();
    }

    /**
     * Handles a call to the webhook endpoint ({@code x-zm-signature}, {@code x-zm-request-timestamp}, the raw body):
     * verifies Zoom's signature before reading anything, answers {@code endpoint.url_validation}, and on
     * {@code app_deauthorized} deletes every connection of that Zoom user made before the deauthorization, once.
     *
     * @return the JSON fields to answer with, empty for a plain 200
     */
    public Uni<Optional<Map<String, String>>> handleWebhookAsync(String signature, String timestamp, byte[] body) {
        return webhooks.handle(signature, timestamp, body);
    }

    /** The connection of {@code principal}, read off the event loop; a principal that is not valid fails first. */
    private Uni<Optional<StoredConnection>> connectionOf(String principal) {
        return Uni.createFrom().item(principal).map(Principals::check)
                .chain(valid -> stores.call(store -> store.find(valid)));
    }

    private static ConnectionInfo info(StoredConnection connection) {
        return new ConnectionInfo(connection.zoomUserId(), connection.zoomAccountId(), connection.scopes(),
                connection.status().value(), connection.connectedAt(), ConnectionScopes.mintable(connection.scopes()));
    }

    private void requireEnabled() {
        if (!enabled()) {
            throw notConfigured();
        }
    }

    private static ZoomNotConfiguredException notConfigured() {
        return new ZoomNotConfiguredException("Connected users are off: set ZOOM_USER_OAUTH_CLIENT_ID, "
                + "ZOOM_USER_OAUTH_CLIENT_SECRET, ZOOM_USER_OAUTH_REDIRECT_URI and ZOOM_USER_OAUTH_ENCRYPTION_KEY");
    }
}
