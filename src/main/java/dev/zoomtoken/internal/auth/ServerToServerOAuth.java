package dev.zoomtoken.internal.auth;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import dev.zoomtoken.internal.concurrent.SharedCalls;
import dev.zoomtoken.internal.tracing.ZoomTracing;
import dev.zoomtoken.model.ZoomOAuthException;
import io.smallrye.mutiny.Uni;

/**
 * Access tokens from Zoom's Server-to-Server OAuth ({@code grant_type=account_credentials}), kept in memory.
 * <ul>
 * <li>A token is used until {@code expires_in} minus a skew (at most {@code zoom.oauth.refresh-skew}, at most 10 % of
 * the lifetime). One skew before that, the next caller starts a refresh in the background and still gets the current
 * token at once, so in the steady state nobody waits for the token endpoint.</li>
 * <li>Single flight: however many callers find no usable token, one request goes to the token endpoint and all of them
 * get its outcome. A failure is reported to all of them; the next caller tries again.</li>
 * <li>{@link #rejected(AccessToken)} (Zoom answered 401 or code 124) drops the token only while it is the current
 * one: another caller may have replaced it already.</li>
 * <li>With a {@link TokenSharing} other than none, a missing token is first looked for where the replicas share it,
 * and only one replica asks Zoom.</li>
 * <li>The {@code api_url} Zoom returns is never followed: calls keep going to {@code zoom.api-url}. When its host
 * differs, that is logged at INFO once per distinct value, with the setting to change.</li>
 * </ul>
 */
public final class ServerToServerOAuth implements AccessTokenProvider {

    private static final Logger LOG = Logger.getLogger(ServerToServerOAuth.class);

    private final String account;
    private final Supplier<Uni<OAuthTokenResponse>> tokenEndpoint;
    private final Duration maxSkew;
    private final URI apiUrl;
    private final Clock clock;
    private final TokenSharing sharing;
    private final SharedCalls<String, Cached> fetching = new SharedCalls<>();
    private final AtomicReference<Cached> current = new AtomicReference<>();
    private final AtomicLong fetches = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<String> reportedApiUrl = new AtomicReference<>();
    private final AtomicReference<ZoomTracing.AccessTokenFetch> fetchTrace = new AtomicReference<>();
    private final ZoomTracing tracing;

    /**
     * @param account       the Zoom account id the app belongs to
     * @param tokenEndpoint requests a new token (with its own retries and timeouts)
     * @param maxSkew       {@code zoom.oauth.refresh-skew}
     * @param apiUrl        the configured API URL, compared with the {@code api_url} Zoom returns
     * @param clock         the time source
     * @param sharing       where replicas share the token; {@link TokenSharing#NONE} for nowhere
     */
    ServerToServerOAuth(String account, Supplier<Uni<OAuthTokenResponse>> tokenEndpoint, Duration maxSkew,
            URI apiUrl, Clock clock, TokenSharing sharing) {
        this(account, tokenEndpoint, maxSkew, apiUrl, clock, sharing, ZoomTracing.off());
    }

    /** As above, each fetch traced with {@code tracing}. */
    ServerToServerOAuth(String account, Supplier<Uni<OAuthTokenResponse>> tokenEndpoint, Duration maxSkew,
            URI apiUrl, Clock clock, TokenSharing sharing, ZoomTracing tracing) {
        this.tracing = tracing;
        this.sharing = sharing;
        this.account = account;
        this.tokenEndpoint = tokenEndpoint;
        this.maxSkew = maxSkew;
        this.apiUrl = apiUrl;
        this.clock = clock;
    }

    @Override
    public String account() {
        return account;
    }

    @Override
    public Uni<AccessToken> accessToken() {
        Instant now = clock.instant();
        Cached cached = usable(current.get(), now);
        if (cached != null && now.isBefore(cached.refreshFrom())) {
            return Uni.createFrom().item(cached.token());
        }
        // A fetch that ended between the read above and this join has set current already: use it, do not fetch again.
        Uni<Cached> fetched = fetching.join(account, () -> {
            Cached fresh = usable(current.get(), now);
            return fresh != null && now.isBefore(fresh.refreshFrom()) ? Uni.createFrom().item(fresh) : fetch(now);
        });
        if (cached != null) {
            fetched.subscribe().with(fresh -> {
            }, failure -> {
            }); // a refresh in the background; its failure is counted and logged by fetch
            return Uni.createFrom().item(cached.token());
        }
        // Each waiting caller's token call links to the fetch it waits for (the fetch has started when this runs).
        return fetched.onSubscription().invoke(() -> {
            ZoomTracing.AccessTokenFetch trace = fetchTrace.get();
            if (trace != null) {
                trace.linkFromCurrent();
            }
        }).map(Cached::token);
    }

    @Override
    public void rejected(AccessToken accessToken) {
        current.updateAndGet(cached -> cached != null && cached.token().value().equals(accessToken.value())
                ? null : cached);
        sharing.rejected(accessToken.value());
    }

    @Override
    public boolean renewable() {
        return true;
    }

    /** Requests sent to Zoom's token endpoint so far (each may include retries); shared tokens are not counted. */
    public long fetchCount() {
        return fetches.get();
    }

    /** Token requests that ended in failure so far. */
    public long failureCount() {
        return failures.get();
    }

    private Uni<Cached> fetch(Instant requestedAt) {
        ZoomTracing.AccessTokenFetch trace = tracing.accessTokenFetch("account_credentials");
        fetchTrace.set(trace);
        // What the sharing sends to Redis is the fetch's work: its spans are children of the fetch's.
        return Uni.createFrom().deferred(() -> trace.context().subscribe(() -> sharing.token(() -> {
            fetches.incrementAndGet();
            return tokenEndpoint.get();
        }))).map(response -> {
            Cached fresh = Cached.of(response, requestedAt, maxSkew);
            current.set(fresh);
            trace.ended(null);
            reportApiUrl(response.apiUrl());
            return fresh;
        }).onFailure().transform(failure -> {
            failures.incrementAndGet();
            ZoomOAuthException error = failure instanceof ZoomOAuthException oauth ? oauth
                    : new ZoomOAuthException("Could not get an access token from Zoom's OAuth endpoint: "
                            + failure.getMessage(), failure);
            LOG.warn(error.getMessage());
            trace.ended(error);
            return error;
        });
    }

    /** {@code cached} if it may still be used at {@code now}, else null. */
    private static Cached usable(Cached cached, Instant now) {
        return cached != null && now.isBefore(cached.usableUntil()) ? cached : null;
    }

    private void reportApiUrl(String zoomApiUrl) {
        if (zoomApiUrl == null || zoomApiUrl.isBlank()) {
            return;
        }
        String zoomHost;
        try {
            zoomHost = URI.create(zoomApiUrl.trim()).getHost();
        } catch (IllegalArgumentException notAUrl) {
            zoomHost = null;
        }
        String previous = reportedApiUrl.getAndSet(zoomApiUrl);
        if (zoomHost != null && !zoomHost.equalsIgnoreCase(apiUrl.getHost()) && !zoomApiUrl.equals(previous)) {
            LOG.infof("Zoom's token response names api_url %s for this account, but calls go to the configured "
                    + "zoom.api-url %s. To follow Zoom, set ZOOM_API_URL=%s/v2", zoomApiUrl, apiUrl, zoomApiUrl);
        }
    }

    /** A token with the times it should be refreshed from and stop being used at. */
    private record Cached(AccessToken token, Instant refreshFrom, Instant usableUntil) {

        static Cached of(OAuthTokenResponse response, Instant requestedAt, Duration maxSkew) {
            Duration lifetime = response.lifetime();
            Duration skew = AccessToken.refreshSkew(lifetime, maxSkew);
            Instant expiresAt = requestedAt.plus(lifetime);
            Instant usableUntil = expiresAt.minus(skew);
            return new Cached(new AccessToken(response.accessToken(), expiresAt), usableUntil.minus(skew), usableUntil);
        }
    }
}
