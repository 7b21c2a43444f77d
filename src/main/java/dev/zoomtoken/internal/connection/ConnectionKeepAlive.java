package dev.zoomtoken.internal.connection;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.zoomtoken.internal.config.ZoomConfig;
import dev.zoomtoken.internal.connection.ConnectionAccessTokens.KeepAlive;
import dev.zoomtoken.internal.connection.ConnectionAccessTokens.KeepAliveOutcome;
import dev.zoomtoken.internal.crypto.Hashes;
import dev.zoomtoken.internal.metrics.ZoomMetrics;
import dev.zoomtoken.internal.ratelimit.ZoomRateBudget;
import dev.zoomtoken.model.ConnectionEvent;
import dev.zoomtoken.model.Failure;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Keeps idle connections alive: Zoom's own texts disagree on how long an unused refresh token lives (15 years, or 90
 * days), so every {@code zoom.user-oauth.keep-alive-interval} each replica looks for active connections whose tokens
 * were last refreshed more than {@code zoom.user-oauth.keep-alive} ago (by the database's clock) and refreshes them,
 * one at a time, the longest idle first, through {@link ConnectionAccessTokens#keepAlive}: the same claim on the row as
 * a demand refresh, so exactly one replica refreshes a connection. Each refresh takes a slot of the connection's
 * account budget only when one is free at once ({@link ZoomRateBudget#permitIfFree}): when live requests are waiting
 * for slots, that account's connections wait for the next sweep. One log line per connection (its principal only as
 * a pseudonym, never a token) and {@code zoom_connection_keep_alive_total{outcome}}; a refresh Zoom refuses marks the
 * connection (and fires its event), any other failure fires {@link ConnectionEvent.Type#KEEP_ALIVE_FAILED}.
 * <p>
 * The job is registered at startup only when connected users are on and the keep-alive is not {@code off}: an
 * application without connected users has no job and touches no datasource.
 */
@ApplicationScoped
public class ConnectionKeepAlive {

    /** The scheduler job's identity. */
    public static final String JOB = "zoom-connection-keep-alive";
    /** The most connections one sweep looks at; the rest wait for the next one, the longest idle first. */
    static final int BATCH = 1000;
    static final String KEEP_ALIVE_SETTING = "ZOOM_USER_OAUTH_KEEP_ALIVE (zoom.user-oauth.keep-alive)";
    static final String INTERVAL_SETTING = "ZOOM_USER_OAUTH_KEEP_ALIVE_INTERVAL (zoom.user-oauth.keep-alive-interval)";
    private static final Logger LOG = Logger.getLogger(ConnectionKeepAlive.class);

    private final ConnectionStores stores;
    private final ConnectionAccessTokens accessTokens;
    private final ConnectionEvents events;
    private final ZoomRateBudget budget;
    private final ZoomMetrics metrics;
    private final String keepAlive;
    private final Duration interval;

    @Inject
    ConnectionKeepAlive(ConnectionStores stores, ConnectionAccessTokens accessTokens, ConnectionEvents events,
            ZoomRateBudget budget, ZoomMetrics metrics, ZoomConfig config) {
        this(stores, accessTokens, events, budget, metrics, config.userOauth().keepAlive(),
                config.userOauth().keepAliveInterval());
    }

    ConnectionKeepAlive(ConnectionStores stores, ConnectionAccessTokens accessTokens, ConnectionEvents events,
            ZoomRateBudget budget, ZoomMetrics metrics, String keepAlive, Duration interval) {
        this.stores = stores;
        this.accessTokens = accessTokens;
        this.events = events;
        this.budget = budget;
        this.metrics = metrics;
        this.keepAlive = keepAlive;
        this.interval = interval;
    }

    /** Registers the job when connected users are on and the keep-alive is; refuses settings it cannot use. */
    void start(@Observes StartupEvent event, Scheduler scheduler) {
        if (!stores.enabled()) {
            return;
        }
        Optional<Duration> idleFor = parse(keepAlive);
        if (idleFor.isEmpty()) {
            LOG.info("Connection keep-alive is off (zoom.user-oauth.keep-alive=off)");
            return;
        }
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalStateException(INTERVAL_SETTING + " must be at least 1 second, was " + interval);
        }
        scheduler.newJob(JOB).setInterval(interval.toString())
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setAsyncTask(execution -> sweep().replaceWithVoid()).schedule();
        LOG.infof("Connection keep-alive: connections idle for more than %s are refreshed, looked for every %s",
                idleFor.get(), interval);
    }

    /**
     * {@code off} (any case) for none, else a positive duration in Quarkus's format ({@code P30D}, {@code 30S},
     * {@code PT1H}).
     *
     * @throws IllegalStateException naming the setting, for anything else
     */
    static Optional<Duration> parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(KEEP_ALIVE_SETTING + " is empty: a duration such as P30D or 30S, or off");
        }
        if (value.strip().equalsIgnoreCase("off")) {
            return Optional.empty();
        }
        Duration parsed;
        try {
            parsed = DurationConverter.parseDuration(value.strip());
        } catch (RuntimeException unreadable) {
            parsed = null;
        }
        if (parsed == null || parsed.isNegative() || parsed.isZero()) {
            throw new IllegalStateException(KEEP_ALIVE_SETTING + " must be a positive duration such as P30D or 30S, "
                    + "or off");
        }
        return Optional.of(parsed);
    }

    /**
     * One sweep: every idle connection found (up to {@value #BATCH}) in turn; how many came to each outcome. Never
     * fails: a sweep that cannot read the database is logged and tried again at the next run.
     */
    public Uni<Map<KeepAlive, Integer>> sweep() {
        Optional<Duration> idleFor = parse(keepAlive);
        if (idleFor.isEmpty() || !stores.enabled()) {
            return Uni.createFrom().item(Map.of());
        }
        Set<String> busyAccounts = ConcurrentHashMap.newKeySet();
        Map<KeepAlive, Integer> counts = Collections.synchronizedMap(new EnumMap<>(KeepAlive.class));
        return stores.call(store -> store.findIdle(idleFor.get(), BATCH))
                .onItem().transformToMulti(idle -> Multi.createFrom().iterable(idle))
                .onItem().transformToUniAndConcatenate(connection -> keepAlive(connection, idleFor.get(), busyAccounts))
                .onItem().invoke(kind -> counts.merge(kind, 1, Integer::sum))
                .collect().last()
                .map(last -> Map.copyOf(counts))
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("The connection keep-alive could not look for idle connections (%s); it tries again at "
                            + "its next run", failure.getClass().getName());
                    return Map.copyOf(counts);
                });
    }

    private Uni<KeepAlive> keepAlive(ConnectionIds connection, Duration idleFor, Set<String> busyAccounts) {
        String user = Hashes.sha256HexPrefix(connection.principal(), 6);
        String account = connection.zoomAccountId();
        Uni<Boolean> slot = busyAccounts.contains(account) ? Uni.createFrom().item(false)
                : budget.permitIfFree(account).onFailure().recoverWithItem(false);
        return slot.chain(free -> {
            if (!free) {
                busyAccounts.add(account);
                LOG.infof("connection keep-alive outcome=deferred user=%s (the account's rate budget is busy: live "
                        + "requests first, tried again at the next run)", user);
                return Uni.createFrom().item(KeepAlive.DEFERRED);
            }
            return accessTokens.keepAlive(connection.principal(), idleFor).chain(outcome -> report(connection, user,
                    outcome));
        });
    }

    private Uni<KeepAlive> report(ConnectionIds connection, String user, KeepAliveOutcome outcome) {
        switch (outcome.kind()) {
            case REFRESHED -> {
                metrics.connectionKeepAlive(KeepAlive.REFRESHED.outcome());
                LOG.infof("connection keep-alive outcome=refreshed user=%s", user);
            }
            case REAUTHORIZATION_REQUIRED -> {
                metrics.connectionKeepAlive(KeepAlive.REAUTHORIZATION_REQUIRED.outcome());
                LOG.infof("connection keep-alive outcome=reauthorization_required user=%s (Zoom refused the refresh "
                        + "token; the connection is marked)", user);
            }
            case FAILED -> {
                metrics.connectionKeepAlive(KeepAlive.FAILED.outcome());
                LOG.warnf("connection keep-alive outcome=failed user=%s (%s, %s); tried again at the next run", user,
                        Failure.of(outcome.failure()).outcome(), outcome.failure().getClass().getSimpleName());
                // Observers run off the event loop, as for the other changes.
                return stores.call(store -> {
                    events.fire(ConnectionEvent.Type.KEEP_ALIVE_FAILED, connection, ConnectionEvent.ACTIVE);
                    return KeepAlive.FAILED;
                });
            }
            default -> LOG.debugf("connection keep-alive outcome=%s user=%s", outcome.kind().outcome(), user);
        }
        return Uni.createFrom().item(outcome.kind());
    }
}
