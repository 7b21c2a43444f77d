package dev.zoomtoken;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.zoomtoken.internal.auth.AccessToken;
import dev.zoomtoken.internal.auth.OAuthTokenResponse;
import dev.zoomtoken.internal.auth.UserOAuthClient;
import dev.zoomtoken.internal.client.ZoomApiClient;
import dev.zoomtoken.internal.config.ZoomConfig;
import dev.zoomtoken.internal.connection.ApprovedAuthorization;
import dev.zoomtoken.internal.connection.AuthorizationRequest;
import dev.zoomtoken.internal.connection.ConnectionAccessTokens;
import dev.zoomtoken.internal.connection.ConnectionStores;
import dev.zoomtoken.internal.connection.NewConnection;
import dev.zoomtoken.internal.crypto.Hashes;
import dev.zoomtoken.internal.crypto.RandomTokens;
import dev.zoomtoken.model.ConnectionAuthorization;
import dev.zoomtoken.model.ConnectionConfirmation;
import dev.zoomtoken.model.ConnectionScopes;
import dev.zoomtoken.model.InvalidTokenRequestException;
import dev.zoomtoken.model.ZoomAuthorizationException;
import dev.zoomtoken.model.ZoomOAuthException;
import dev.zoomtoken.model.ZoomScopeNotGrantedException;
import io.smallrye.mutiny.Uni;

/**
 * The three steps that make a connection ({@link ZoomConnections} describes them): start an authorization, complete
 * it from Zoom's redirect, and store it when its caller confirms. Also revokes the grants it drops.
 */
@ApplicationScoped
class ConnectionAuthorizations {

    private static final Logger LOG = Logger.getLogger(ConnectionAuthorizations.class);
    private static final int MAX_CODE_LENGTH = 2000;
    private static final int MAX_STATE_LENGTH = 200;

    private final ConnectionStores stores;
    private final ConnectionAccessTokens accessTokens;
    private final UserOAuthClient oauth;
    private final ZoomApiClient zoom;
    private final ZoomConfig.UserOAuth settings;

    @Inject
    ConnectionAuthorizations(ConnectionStores stores, ConnectionAccessTokens accessTokens, UserOAuthClient oauth,
            ZoomApiClient zoom, ZoomConfig config) {
        this.stores = stores;
        this.accessTokens = accessTokens;
        this.oauth = oauth;
        this.zoom = zoom;
        this.settings = config.userOauth();
    }

    /** Records a new authorization of {@code principal} (a valid principal) and gives Zoom's page for it. */
    ConnectionAuthorization start(String principal, Duration lifetime) {
        AuthorizationRequest request = AuthorizationRequest.start(settings.authorizeUrl(),
                settings.clientId().orElseThrow(), settings.redirectUri().orElseThrow());
        stores.store().saveAuthorization(Hashes.sha256Hex(request.state()), principal, request.codeVerifier(),
                lifetime);
        return new ConnectionAuthorization(request.authorizeUrl(), lifetime);
    }

    /** Takes the state, exchanges the code and keeps what Zoom granted under a new confirmation code. */
    Uni<ConnectionConfirmation> complete(String code, String state, String error, Duration lifetime) {
        if (state == null || state.isBlank() || state.length() > MAX_STATE_LENGTH) {
            return Uni.createFrom().failure(new ZoomAuthorizationException("The callback has no valid state"));
        }
        return stores.call(store -> store.takeAuthorization(Hashes.sha256Hex(state))).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().failure(new ZoomAuthorizationException(
                        "The authorization's state is unknown, expired or used already: start again"));
            }
            if (error != null && !error.isBlank()) {
                return Uni.createFrom().failure(new ZoomAuthorizationException("Zoom did not authorize the app ("
                        + (error.equals("access_denied") ? "the user declined" : "error from Zoom") + ")"));
            }
            if (code == null || code.isBlank() || code.length() > MAX_CODE_LENGTH) {
                return Uni.createFrom().failure(new ZoomAuthorizationException("The callback has no valid code"));
            }
            String principal = found.get().principal();
            Instant requestedAt = found.get().takenAt();
            return oauth.exchangeCode(accessTokens.app(), code, settings.redirectUri().orElseThrow().toString(),
                    found.get().codeVerifier())
                    .onFailure(ZoomOAuthException.class).transform(refused -> refused(((ZoomOAuthException) refused)))
                    .chain(response -> ConnectionScopes.mintable(response.scope()).isEmpty()
                            ? refuseScopes(principal, response, lifetime)
                            : keepForConfirmation(principal, response, requestedAt, lifetime)
                                    .onFailure().call(failure -> revokeQuietly(response.accessToken())));
        });
    }

    /**
     * The connection kept under {@code confirmation}, to store, when {@code principal} (a valid principal) started its
     * authorization and the scopes granted mint a token; the code is used up either way.
     *
     * @throws ZoomScopeNotGrantedException for a consent whose scopes mint no token (revoked at the callback)
     */
    NewConnection confirm(String principal, String confirmation) {
        if (confirmation == null || confirmation.isBlank() || confirmation.length() > MAX_STATE_LENGTH) {
            throw new InvalidTokenRequestException("confirmation", "the confirmation code from the return URL is "
                    + "required, at most " + MAX_STATE_LENGTH + " characters");
        }
        ApprovedAuthorization authorized = stores.store().takeConfirmation(Hashes.sha256Hex(confirmation))
                .orElseThrow(() -> new ZoomAuthorizationException(
                        "The confirmation code is unknown, expired or used already: connect again"));
        if (!authorized.principal().equals(principal)) {
            LOG.warn("A connection confirmation was refused: the authorization was started by another caller; "
                    + "nothing was stored");
            throw new ZoomAuthorizationException("This authorization was started by another caller: nothing was "
                    + "stored. Connect from your own account");
        }
        return authorized.connection().orElseThrow(() -> ZoomScopeNotGrantedException.atConnect(authorized.scopes()));
    }

    /**
     * Revokes a grant that is being dropped (best effort): a disconnection, or an authorization that failed after the
     * code exchange, which then leaves no working token behind at Zoom either.
     */
    Uni<Void> revokeQuietly(String token) {
        if (token == null || token.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return oauth.revoke(accessTokens.app(), token).onFailure().recoverWithItem(failure -> {
            LOG.infof("Revoking a dropped grant at Zoom failed (%s); going on without it",
                    failure.getClass().getSimpleName());
            return null;
        });
    }

    /** Learns the Zoom user, checks every value Zoom sent, and keeps them under a new confirmation code. */
    private Uni<ConnectionConfirmation> keepForConfirmation(String principal, OAuthTokenResponse response,
            Instant requestedAt, Duration lifetime) {
        return zoom.me(new AccessToken(response.accessToken(), null))
                .map(me -> NewConnection.authorized(principal, response, me.id(), me.accountId(), requestedAt))
                .chain(authorized -> stores.call(store -> {
                    String confirmation = RandomTokens.next();
                    store.saveConfirmation(Hashes.sha256Hex(confirmation), authorized, lifetime);
                    return new ConnectionConfirmation(confirmation, lifetime);
                }));
    }

    /**
     * A consent whose scopes mint no token: its grant is revoked now, and only the scopes are kept, so that the
     * caller's confirmation says why nothing is stored. {@code GET /users/me} is not asked (it may lack its scope too).
     */
    private Uni<ConnectionConfirmation> refuseScopes(String principal, OAuthTokenResponse response,
            Duration lifetime) {
        LOG.info("An authorization granted no scope that mints a token; its grant is revoked and its confirmation "
                + "will answer missing-scope");
        return revokeQuietly(response.accessToken()).chain(() -> stores.call(store -> {
            String confirmation = RandomTokens.next();
            store.saveRefusedConfirmation(Hashes.sha256Hex(confirmation), principal, response.scope(), lifetime);
            return new ConnectionConfirmation(confirmation, lifetime);
        }));
    }

    private static ZoomAuthorizationException refused(ZoomOAuthException refused) {
        return new ZoomAuthorizationException("Zoom refused the authorization code ("
                + refused.oauthError().orElse("") + (refused.zoomCode().isPresent() ? " "
                        + refused.zoomCode().getAsInt() : "")
                + "): start again");
    }
}
