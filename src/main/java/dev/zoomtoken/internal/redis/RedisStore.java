package dev.zoomtoken.internal.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import dev.zoomtoken.internal.config.ZoomConfig;
import dev.zoomtoken.internal.crypto.Hashes;
import dev.zoomtoken.internal.metrics.ZoomMetrics;
import dev.zoomtoken.internal.tracing.ZoomTracing;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * The module's connection to Redis when {@code zoom.shared-state=redis} (the Quarkus Redis client named by
 * {@code quarkus.redis.hosts}); unused otherwise.
 * <ul>
 * <li>Every command gets {@code zoom.redis-timeout}. A command that times out is sent once more: one late
 * reply is usually this JVM being busy (a burst, JIT, GC), not Redis being away, and a replica that paced alone while
 * the others share the budget would add its calls to theirs. Every command and script of this module therefore has
 * the effect of one run when sent twice with the same arguments. A second timeout, or a failed or refused command,
 * fails with {@link RedisUnavailableException}, and callers do without Redis.</li>
 * <li>After such a failure the store is "down": {@link #reachable()} is false, so calls do not wait for Redis at all,
 * until {@link #RECHECK} has passed; then one call at a time tries again, and the first that succeeds makes it
 * reachable again. One WARN when it goes down, one INFO when it is back (a store that flaps logs them once a
 * minute, the rest at DEBUG), and each fall-back is counted.</li>
 * <li>Scripts run with {@code EVALSHA} and are loaded again on {@code NOSCRIPT}.</li>
 * <li>Within a trace, each command and script sent is one CLIENT span ({@link ZoomTracing#redis}): the command and
 * what it does, never its keys or arguments.</li>
 * </ul>
 * Keys are {@value #KEY_PREFIX}{@code :{account}:<name>}: one Redis Cluster hash slot per account, never a user id
 * or email, so brokers for several Zoom accounts can share one Redis and an ACL can allow exactly
 * {@code ~zoom-user-token:*}.
 */
@ApplicationScoped
public class RedisStore {

    /** The start of every key this module writes. */
    public static final String KEY_PREFIX = "zoom-user-token";
    /** How long a replica works without Redis after a failure before it tries Redis again. */
    public static final Duration RECHECK = Duration.ofSeconds(1);
    /** How long the first connection may take, at startup. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration WARN_INTERVAL = Duration.ofMinutes(1);
    private static final Logger LOG = Logger.getLogger(RedisStore.class);
    private static final Pattern PLAIN_ACCOUNT = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final boolean enabled;
    private final long timeoutNanos;
    private final Commands commands;
    private final ZoomMetrics metrics;
    private final ZoomTracing tracing;
    private final String instanceId = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile long recheckAt;
    /** When the last fall-back was logged at WARN (0: never); a store that flaps logs one WARN per interval. */
    private volatile long warnedAt;
    private volatile boolean quiet;

    /** Sends one Redis command; the seam between this store and a Redis client. */
    @FunctionalInterface
    public interface Commands {
        Uni<Response> execute(String command, String... args);
    }

    @Inject
    RedisStore(ZoomConfig config, Instance<ReactiveRedisDataSource> dataSources, ZoomMetrics metrics,
            ZoomTracing tracing) {
        this(config.sharedState() == ZoomConfig.SharedState.REDIS, config.redisTimeout(),
                lazily(dataSources), metrics, tracing);
    }

    /**
     * A store that sends its commands through {@code commands} (a test's or a tool's own Redis client), untraced.
     *
     * @param enabled false for {@code zoom.shared-state=local}: nothing is ever sent
     */
    public RedisStore(boolean enabled, Duration timeout, Commands commands, ZoomMetrics metrics) {
        this(enabled, timeout, commands, metrics, ZoomTracing.off());
    }

    /** As above, each command and script a CLIENT span of {@code tracing} when it is sent within a trace. */
    public RedisStore(boolean enabled, Duration timeout, Commands commands, ZoomMetrics metrics, ZoomTracing tracing) {
        this.enabled = enabled;
        this.timeoutNanos = timeout.toNanos();
        this.commands = commands;
        this.metrics = metrics;
        this.tracing = tracing;
        metrics.rateBudgetStore(this::storeName, enabled ? List.of("redis", "local-fallback") : List.of("local"));
    }

    void checkAtStartup(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        if (ConfigProvider.getConfig().getOptionalValue("quarkus.redis.hosts", String.class).isEmpty()
                && ConfigProvider.getConfig().getOptionalValue("quarkus.redis.hosts-provider-name", String.class)
                        .isEmpty()) {
            throw new IllegalStateException("zoom.shared-state=redis needs the Redis server: set QUARKUS_REDIS_HOSTS "
                    + "(quarkus.redis.hosts), for example redis://redis:6379 or rediss://redis:6380");
        }
        int poolSize = ConfigProvider.getConfig().getOptionalValue("quarkus.redis.max-pool-size", Integer.class)
                .orElse(1);
        warmUp(poolSize).subscribe().with(ok -> {
        }, failure -> {
        });
    }

    /**
     * Opens {@code connections} pooled connections with as many concurrent {@code PING}s, allowed
     * {@link #CONNECT_TIMEOUT}: a new connection (TCP, {@code HELLO}, {@code AUTH}; in a fresh JVM, loading the client)
     * takes longer than a command may, and a first burst that had to open them would time out. A failure makes the
     * store start down.
     */
    public Uni<Void> warmUp(int connections) {
        long started = System.nanoTime();
        List<Uni<Response>> pings = new ArrayList<>();
        for (int i = 0; i < Math.max(1, connections); i++) {
            pings.add(Uni.createFrom().deferred(() -> commands.execute("PING")));
        }
        return Uni.join().all(pings).andFailFast().replaceWith((Response) null)
                .ifNoItem().after(CONNECT_TIMEOUT).failWith(() -> new RedisUnavailableException("Redis did not answer "
                        + "PING within " + CONNECT_TIMEOUT.toMillis() + " ms at startup", null))
                .onItemOrFailure().transformToUni((pong, failure) -> {
                    metrics.redisCommand(System.nanoTime() - started, failure == null);
                    if (failure != null) {
                        down(failure instanceof RedisUnavailableException known ? known
                                : new RedisUnavailableException("Redis PING failed at startup: " + describe(failure),
                                        failure));
                    }
                    return Uni.createFrom().voidItem();
                });
    }

    /** Whether {@code zoom.shared-state=redis}. */
    public boolean enabled() {
        return enabled;
    }

    /** Where the budget is kept now: {@code local}, {@code redis}, or {@code local-fallback} while Redis is away. */
    public String storeName() {
        return !enabled ? "local" : down.get() ? "local-fallback" : "redis";
    }

    /** Whether Redis is worth asking now: it answered last time, or a recheck is due. */
    public boolean reachable() {
        return enabled && (!down.get() || System.nanoTime() - recheckAt >= 0);
    }

    /** {@code reachable()} while this call takes the only recheck slot when the store is down. */
    private boolean admit() {
        if (!enabled) {
            return false;
        }
        if (!down.get()) {
            return true;
        }
        return System.nanoTime() - recheckAt >= 0 && probing.compareAndSet(false, true);
    }

    /** The key {@code name} of {@code account}, in the account's hash slot. */
    public String key(String account, String name) {
        return KEY_PREFIX + ":{" + keyPart(account) + "}:" + name;
    }

    /** A value unique to this process and call, for reservation members and lock owners. */
    public String uniqueId() {
        return instanceId + ':' + sequence.incrementAndGet();
    }

    /** Runs one command; fails with {@link RedisUnavailableException} at once while Redis is down. */
    public Uni<Response> execute(String command, String... args) {
        return guarded(command, command, () -> send(command, args));
    }

    /**
     * Runs {@code script} with {@code EVALSHA}; on {@code NOSCRIPT} loads it and runs it once more.
     */
    public Uni<Response> eval(RedisScript script, List<String> keys, List<String> args) {
        List<String> evalArgs = new ArrayList<>(keys.size() + args.size() + 2);
        evalArgs.add(script.sha1());
        evalArgs.add(Integer.toString(keys.size()));
        evalArgs.addAll(keys);
        evalArgs.addAll(args);
        String[] array = evalArgs.toArray(String[]::new);
        return guarded(script.name(), "EVALSHA", () -> send("EVALSHA", array)
                .onFailure(RedisStore::isNoScript).recoverWithUni(noScript -> {
                    LOG.debugf("Redis does not know the %s script (restarted or failed over); loading it",
                            script.name());
                    return send("SCRIPT", "LOAD", script.source()).chain(loaded -> send("EVALSHA", array));
                }));
    }

    /**
     * {@code call} when Redis is worth asking, timed, traced as {@code operation} (sending {@code command}), with its
     * outcome moving the store up or down.
     */
    private Uni<Response> guarded(String operation, String command, Supplier<Uni<Response>> call) {
        return Uni.createFrom().deferred(() -> {
            if (!admit()) {
                return Uni.createFrom().failure(new RedisUnavailableException("Redis is not used until it answers "
                        + "a recheck", null));
            }
            String what = command.equals(operation) ? command : "script " + operation;
            return tracing.redis(operation, command).around(sent(what, call), RedisStore::errorType);
        });
    }

    /** {@code call}, sent once more after a late reply, with its outcome moving the store up or down. */
    private Uni<Response> sent(String what, Supplier<Uni<Response>> call) {
        return timed(call).onFailure(RedisStore::isTimeout).recoverWithUni(late -> {
            LOG.debugf("Redis did not answer %s in time; sending it once more", what);
            return timed(call);
        }).onItemOrFailure().transformToUni((response, failure) -> {
            if (failure == null) {
                up();
                return Uni.createFrom().item(response);
            }
            RedisUnavailableException unavailable = failure instanceof RedisUnavailableException known ? known
                    : new RedisUnavailableException("Redis " + what + " failed: " + describe(failure), failure);
            down(unavailable);
            return Uni.createFrom().failure(unavailable);
        });
    }

    private Uni<Response> timed(Supplier<Uni<Response>> call) {
        long started = System.nanoTime();
        return call.get().onItemOrFailure()
                .invoke((response, failure) -> metrics.redisCommand(System.nanoTime() - started, failure == null));
    }

    private Uni<Response> send(String command, String... args) {
        return Uni.createFrom().deferred(() -> commands.execute(command, args))
                .ifNoItem().after(Duration.ofNanos(timeoutNanos))
                .failWith(() -> RedisUnavailableException.timedOut("Redis did not answer " + command + " twice within "
                        + Duration.ofNanos(timeoutNanos).toMillis() + " ms (zoom.redis-timeout)"));
    }

    /** The Quarkus Redis client, looked up on first use: with the local store it is never resolved. */
    private static Commands lazily(Instance<ReactiveRedisDataSource> dataSources) {
        AtomicReference<ReactiveRedisDataSource> resolved = new AtomicReference<>();
        return (command, args) -> {
            ReactiveRedisDataSource dataSource = resolved.get();
            if (dataSource == null) {
                dataSource = dataSources.get();
                resolved.set(dataSource);
            }
            return dataSource.execute(command, args);
        };
    }

    private void up() {
        probing.set(false);
        if (down.compareAndSet(true, false)) {
            LOG.log(quiet ? Logger.Level.DEBUG : Logger.Level.INFO,
                    "Redis answers again: the rate budget, Zoom's limits and the access token are shared again");
        }
    }

    private void down(RedisUnavailableException cause) {
        recheckAt = System.nanoTime() + RECHECK.toNanos();
        probing.set(false);
        if (down.compareAndSet(false, true)) {
            metrics.rateBudgetStoreFallback();
            long now = System.nanoTime();
            quiet = warnedAt != 0 && now - warnedAt < WARN_INTERVAL.toNanos();
            if (!quiet) {
                warnedAt = now;
            }
            LOG.logf(quiet ? Logger.Level.DEBUG : Logger.Level.WARN,
                    "%s. Falling back to this replica's local share of "
                            + "the rate budget and its own access token until Redis answers again (rechecked every %d "
                            + "ms%s)",
                    cause.getMessage(), RECHECK.toMillis(), quiet ? "" : "; further fall-backs within "
                            + WARN_INTERVAL.toMinutes() + " min are logged at DEBUG and counted in "
                            + "zoom_rate_limit_store_fallbacks_total");
        }
    }

    /** A failure in a span: {@code timeout} or {@code unavailable}, never Redis's message. */
    private static String errorType(Throwable failure) {
        return isTimeout(failure) ? "timeout" : "unavailable";
    }

    private static boolean isTimeout(Throwable failure) {
        return failure instanceof RedisUnavailableException unavailable && unavailable.timedOut();
    }

    private static boolean isNoScript(Throwable failure) {
        return failure.getMessage() != null && failure.getMessage().startsWith("NOSCRIPT");
    }

    /** The failure's class and message; Redis errors and connection failures carry no secrets. */
    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
    }

    private static String keyPart(String account) {
        if (PLAIN_ACCOUNT.matcher(account).matches()) {
            return account;
        }
        return "h-" + Hashes.sha256HexPrefix(account, 16);
    }
}
