package dev.zoomtoken.internal.connection;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.zoomtoken.internal.auth.AccessToken;
import dev.zoomtoken.internal.auth.AccessTokenProvider;
import dev.zoomtoken.internal.auth.UserOAuthClient;
import dev.zoomtoken.internal.auth.UserOAuthCredentials;
import dev.zoomtoken.internal.concurrent.SharedCalls;
import dev.zoomtoken.internal.config.ZoomConfig;
import dev.zoomtoken.internal.tracing.ZoomTracing;
import dev.zoomtoken.model.ConnectionEvent;
import dev.zoomtoken.model.ZoomNotConnectedException;
import dev.zoomtoken.model.ZoomOAuthException;
import dev.zoomtoken.model.ZoomReauthorizationRequiredException;
import dev.zoomtoken.model.ZoomTimeoutException;
import io.smallrye.mutiny.Uni;

/**
 * Connected users' access tokens: the stored one while it is valid, else a refresh that happens once for all
 * callers and all replicas. One refresh per connection runs in this process at a time; across processes, the replica
 * that claims the row ({@link ConnectionStore#claimRefresh}) refreshes, writes the new refresh token (compare-and-swap
 * on the row's version) before anyone uses the new access token, and the others wait for the row to change and use
 * its result. A refresh Zoom refuses as {@code invalid_grant} (or 4735, 4737, 4738, 4741) marks the connection for
 * reauthorization only if the row has not changed since; otherwise another replica won and the row is read again.
 * Expiries and claims are judged by the database's clock ({@link StoredConnection#readAt}, {@link ConnectionStore}),
 * never this replica's, and the new token's lifetime is counted from the database's time at the write, less the time
 * this process measured since the request left (a monotonic clock, not a wall clock).
 */
@ApplicationScoped
public class ConnectionAccessTokens {

    /** How long a claim on a refresh holds: longer than a refresh takes, short enough to recover from a crash. */
    static final Duration CLAIM = Duration.ofSeconds(30);
    /** How long a caller waits for another replica's refresh before it gives up. */
    static final Duration WAIT_FOR_OTHERS = Duration.ofSeconds(10);
    static final Duration POLL = Duration.ofMillis(100);
    /**
     * An access token this close to its expiry is refreshed first; at most a tenth of its lifetime
     * ({@link AccessToken#refreshSkew}), so that one refresh serves everyone who comes after it.
     */
    static final Duration SKEW = Duration.ofSeconds(60);
    /** Zoom's codes for a refresh token it will never accept again. */
    static final Set<Integer> DEAD_GRANT_CODES = Set.of(4735, 4737, 4738, 4741);
    /**
     * How long the write of a rotated refresh token is tried again when the database fails, counted from the refresh
     * request: until shortly before this replica's claim runs out. A database restart or failover takes seconds, and
     * giving up sooner loses the connection (the claim is released, and the next replica refreshes with the dead
     * token). Waits from {@link #WRITE_BACKOFF}, doubling up to {@link #WRITE_MAX_BACKOFF}.
     */
    static final Duration WRITE_FOR = CLAIM.minusSeconds(5);
    static final Duration WRITE_BACKOFF = Duration.ofMillis(100);
    static final Duration WRITE_MAX_BACKOFF = Duration.ofSeconds(1);
    private static final Logger LOG = Logger.getLogger(ConnectionAccessTokens.class);

    private final ConnectionStores stores;
    private final ConnectionEvents events;
    private final UserOAuthClient oauth;
    private final ZoomConfig.UserOAuth settings;
    private final String owner = UUID.randomUUID().toString();
    private final SharedCalls<String, AccessToken> refreshing = new SharedCalls<>();
    private final ConcurrentMap<String, String> rejected = new ConcurrentHashMap<>();
    private final ZoomTracing tracing;
    private final ZoomTracing.AccessTokenRefreshes<String> refreshSpans;

    ConnectionAccessTokens(ConnectionStores stores, ConnectionEvents events, UserOAuthClient oauth, ZoomConfig config) {
        this(stores, events, oauth, config, ZoomTracing.off());
    }

    @Inject
    ConnectionAccessTokens(ConnectionStores stores, ConnectionEvents events, UserOAuthClient oauth, ZoomConfig config,
            ZoomTracing tracing) {
        this.stores = stores;
        this.events = events;
        this.oauth = oauth;
        this.settings = config.userOauth();
        this.tracing = tracing;
        this.refreshSpans = tracing.accessTokenRefreshes();
    }

    /** The user-level OAuth app's credentials. */
    public UserOAuthCredentials app() {
        return new UserOAuthCredentials(settings.clientId().orElseThrow(), settings.clientSecret().orElseThrow());
    }

    /** The credentials of {@code connection}'s user, for token calls; their rate budget is the user's account. */
    public AccessTokenProvider of(StoredConnection connection) {
        String principal = connection.principal();
        return new AccessTokenProvider() {
            @Override
            public String account() {
                return connection.zoomAccountId();
            }

            @Override
            public Uni<AccessToken> accessToken() {
                return current(principal);
            }

            @Override
            public void rejected(AccessToken token) {
                rejected.put(principal, token.value());
            }

            @Override
            public boolean renewable() {
                return true;
            }
        };
    }

    /**
     * A valid access token of {@code principal}'s connection, refreshed first when needed. The reads, the refresh
     * and its writes belong to the trace of the token call that asks now.
     */
    public Uni<AccessToken> current(String principal) {
        ZoomTracing.CallerContext caller = tracing.callerContext();
        return stores.call(caller, store -> store.find(principal)).chain(found -> {
            StoredConnection connection = usableOrFail(found);
            Optional<AccessToken> valid = valid(connection);
            return valid.isPresent() ? Uni.createFrom().item(valid.get()) : refreshOnce(principal, caller);
        });
    }

    private Uni<AccessToken> refreshOnce(String principal, ZoomTracing.CallerContext caller) {
        long giveUpAt = System.nanoTime() + WAIT_FOR_OTHERS.toNanos();
        return once(principal, caller, trace -> refresh(principal, giveUpAt, trace));
    }

    /**
     * {@code refresh} as this process's one refresh of {@code principal}'s connection: a refresh already running
     * here is joined instead, and requests that come while this one runs join it. The refresh is a span of its own
     * ({@link ZoomTracing#ACCESS_TOKEN_REFRESH_SPAN}), a child of {@code caller}'s if it starts it, and every caller
     * that waits for it links to it; {@code refresh} gets the trace context for its work.
     */
    private Uni<AccessToken> once(String principal, ZoomTracing.CallerContext caller,
            Function<ZoomTracing.CallerContext, Uni<AccessToken>> refresh) {
        return refreshing.join(principal, () -> refreshSpans.run(principal, caller, refresh))
                .onSubscription().invoke(() -> refreshSpans.joined(principal, caller));
    }

    /** What a keep-alive refresh of one connection came to. */
    public enum KeepAlive {
        /** Refreshed now (by this replica; or a refresh running here was joined). */
        REFRESHED("refreshed"),
        /** Zoom refused the refresh token: the connection is marked reauthorization_required. */
        REAUTHORIZATION_REQUIRED("reauthorization_required"),
        /** The refresh failed otherwise (Zoom or the database failing); the connection stays as it was. */
        FAILED("failed"),
        /** Nothing to do: refreshed meanwhile, no longer active or gone, or another replica holds the claim. */
        SKIPPED("skipped"),
        /** Left for the next sweep: the account's rate budget had no slot free at once (live requests first). */
        DEFERRED("deferred");

        private final String outcome;

        KeepAlive(String outcome) {
            this.outcome = outcome;
        }

        /** The name in metrics and logs. */
        public String outcome() {
            return outcome;
        }
    }

    /**
     * What a keep-alive refresh of one connection came to.
     *
     * @param failure why, for {@link KeepAlive#FAILED} and {@link KeepAlive#REAUTHORIZATION_REQUIRED}; else null
     */
    public record KeepAliveOutcome(KeepAlive kind, Throwable failure) {
    }

    /**
     * Refreshes {@code principal}'s connection if it is active and its tokens were last written more than
     * {@code idleFor} ago (by the database's clock): the same single flight and the same claim on the row as a demand
     * refresh, so that exactly one replica refreshes it and requests meanwhile use its result. Never fails: the
     * outcome says what happened.
     */
    public Uni<KeepAliveOutcome> keepAlive(String principal, Duration idleFor) {
        ZoomTracing.CallerContext caller = tracing.callerContext();
        return stores.call(caller, store -> store.find(principal)).chain(found -> {
            if (found.isEmpty() || found.get().status() != ConnectionStatus.ACTIVE
                    || !found.get().updatedAt().plus(idleFor).isBefore(found.get().readAt())) {
                return Uni.createFrom().item(new KeepAliveOutcome(KeepAlive.SKIPPED, null));
            }
            StoredConnection connection = found.get();
            AtomicBoolean claimed = new AtomicBoolean(true); // a refresh running here, joined, is this replica's
            long giveUpAt = System.nanoTime() + WAIT_FOR_OTHERS.toNanos();
            return once(principal, caller, trace -> stores.call(trace, store -> store.claimRefresh(principal,
                    connection.version(), owner, CLAIM)).chain(won -> {
                        claimed.set(won);
                        // Without the claim another replica is refreshing: wait for its result like a request would.
                        return won ? refreshClaimed(connection, giveUpAt, trace) : refresh(principal, giveUpAt, trace);
                    }))
                    .map(token -> new KeepAliveOutcome(claimed.get() ? KeepAlive.REFRESHED : KeepAlive.SKIPPED, null))
                    .onFailure().recoverWithItem(failure -> new KeepAliveOutcome(
                            failure instanceof ZoomReauthorizationRequiredException ? KeepAlive.REAUTHORIZATION_REQUIRED
                                    : KeepAlive.FAILED,
                            failure));
        });
    }

    private Uni<AccessToken> refresh(String principal, long giveUpAt, ZoomTracing.CallerContext trace) {
        return stores.call(trace, store -> store.find(principal)).chain(found -> {
            StoredConnection connection = usableOrFail(found);
            Optional<AccessToken> valid = valid(connection);
            if (valid.isPresent()) {
                return Uni.createFrom().item(valid.get()); // another caller or replica refreshed it
            }
            return stores.call(trace, store -> store.claimRefresh(principal, connection.version(), owner, CLAIM))
                    .chain(claimed -> {
                        if (claimed) {
                            return refreshClaimed(connection, giveUpAt, trace);
                        }
                        if (System.nanoTime() - giveUpAt > 0) {
                            return Uni.createFrom().failure(new ZoomTimeoutException("Another replica is refreshing "
                                    + "this connection's tokens and did not finish in time", null));
                        }
                        return Uni.createFrom().voidItem().onItem().delayIt().by(POLL)
                                .chain(() -> refresh(principal, giveUpAt, trace));
                    });
        });
    }

    private Uni<AccessToken> refreshClaimed(StoredConnection connection, long giveUpAt,
            ZoomTracing.CallerContext trace) {
        String principal = connection.principal();
        long sentAt = System.nanoTime();
        return oauth.refresh(app(), connection.refreshToken()).map(GrantValues::tokens)
                .chain(response -> stores.call(trace, store -> store.updateTokens(principal, connection.version(),
                        response.refreshToken(), response.accessToken(),
                        response.lifetime().minusNanos(System.nanoTime() - sentAt)))
                        // Zoom has rotated the refresh token: the old one is dead, so the new one must reach the
                        // row. The write is a compare-and-swap and safe to repeat (one that landed unseen makes the
                        // next attempt answer false, and the row then holds our tokens).
                        .onFailure(ConnectionStoreException.class).retry()
                        .withBackOff(WRITE_BACKOFF, WRITE_MAX_BACKOFF)
                        .expireIn(Math.max(1, WRITE_FOR.minusNanos(System.nanoTime() - sentAt).toMillis()))
                        .chain(written -> {
                            if (written) {
                                rejected.remove(principal);
                                return Uni.createFrom().item(new AccessToken(response.accessToken(),
                                        response.expiresAt(connection.readAt())));
                            }
                            // replaced by a new authorization meanwhile (or deleted): use what is stored now
                            return refresh(principal, giveUpAt, trace);
                        }))
                // A compare-and-swap on the version we refreshed from: when it loses, another replica won the refresh
                // (or a new authorization came) and the row is read again.
                .onFailure(ConnectionAccessTokens::deadGrant).recoverWithUni(refused -> stores
                        .call(trace, store -> markReauthorizationRequired(store, connection))
                        .chain(marked -> {
                            if (!marked) {
                                return refresh(principal, giveUpAt, trace);
                            }
                            LOG.infof("Zoom refused the refresh token of a connection (%s); it is marked "
                                    + "reauthorization_required", describe(refused));
                            return Uni.createFrom().failure(new ZoomReauthorizationRequiredException(
                                    "Zoom refused the refresh token (" + describe(refused) + ")"));
                        }))
                .onFailure(failure -> !(failure instanceof ZoomReauthorizationRequiredException))
                .call(failure -> stores.call(trace, store -> {
                    store.releaseRefresh(principal, owner);
                    return null;
                }));
    }

    /** Marks {@code connection}, read at its version, and tells of it once the mark is committed. */
    private boolean markReauthorizationRequired(ConnectionStore store, StoredConnection connection) {
        boolean marked = store.markReauthorizationRequired(connection.principal(), connection.version());
        if (marked) {
            events.fire(ConnectionEvent.Type.REAUTHORIZATION_REQUIRED, connection,
                    ConnectionEvent.REAUTHORIZATION_REQUIRED);
        }
        return marked;
    }

    /** Whether Zoom says the refresh token is dead for good. */
    static boolean deadGrant(Throwable failure) {
        if (!(failure instanceof ZoomOAuthException refused)) {
            return false;
        }
        return refused.oauthError().filter("invalid_grant"::equals).isPresent()
                || refused.zoomCode().stream().anyMatch(DEAD_GRANT_CODES::contains);
    }

    private static String describe(Throwable refused) {
        ZoomOAuthException oauth = (ZoomOAuthException) refused;
        return oauth.oauthError().orElse("") + (oauth.zoomCode().isPresent() ? " " + oauth.zoomCode().getAsInt() : "");
    }

    private StoredConnection usableOrFail(Optional<StoredConnection> found) {
        if (found.isEmpty()) {
            throw new ZoomNotConnectedException();
        }
        if (found.get().status() == ConnectionStatus.REAUTHORIZATION_REQUIRED) {
            throw new ZoomReauthorizationRequiredException("the connection is marked reauthorization_required");
        }
        return found.get();
    }

    private Optional<AccessToken> valid(StoredConnection connection) {
        if (connection.accessToken().isEmpty() || connection.accessTokenExpiresAt().isEmpty()) {
            return Optional.empty();
        }
        String value = connection.accessToken().get();
        Instant expiresAt = connection.accessTokenExpiresAt().get();
        Duration skew = AccessToken.refreshSkew(Duration.between(connection.updatedAt(), expiresAt), SKEW);
        if (value.equals(rejected.get(connection.principal())) || !expiresAt.minus(skew).isAfter(connection.readAt())) {
            return Optional.empty();
        }
        return Optional.of(new AccessToken(value, expiresAt));
    }

}
