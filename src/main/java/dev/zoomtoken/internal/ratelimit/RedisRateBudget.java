package dev.zoomtoken.internal.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

import dev.zoomtoken.internal.metrics.ZoomMetrics;
import dev.zoomtoken.internal.redis.RedisScript;
import dev.zoomtoken.internal.redis.RedisStore;
import dev.zoomtoken.internal.redis.RedisUnavailableException;
import dev.zoomtoken.model.RateLimit;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * The rate budget shared by every replica through Redis ({@code zoom.shared-state=redis}).
 * <ul>
 * <li>Each call reserves its departure in one atomic Lua script on Redis's clock ({@code TIME}): the schedule of
 * {@link SlidingWindowSchedule}, kept as a sorted set of departures per account, so all replicas together send at most
 * the limit in any window, first come first served, and a call with no slot within {@code max-wait} is refused without
 * reserving anything. The replica then waits the relative delay Redis returned on its own monotonic clock, so clock
 * skew between replicas does not matter.</li>
 * <li>What Zoom teaches ({@link Lesson}) is written to the account's limits hash, read by every reservation: a pause
 * and a halved rate after a per-second 429, a stop until the reset after a daily 429.</li>
 * <li>When Redis cannot be reached (see {@link RedisStore}), calls go through a local budget of
 * {@code floor(requests-per-second / replicas)}. The first such call holds local departures until one window after the
 * latest departure Redis had booked when it last answered, so shared and local departures never meet in one window.
 * When Redis answers again, the local departures of the last window are added to the shared schedule first.</li>
 * <li>If Redis lost the schedule (restart without persistence), the first reservation after it from a replica that had
 * booked before departs one window later, since departures booked before the loss may still be in the window. A cold
 * account (no replica had booked anything) has no such departures, and its first window is the full limit.</li>
 * </ul>
 */
final class RedisRateBudget implements ZoomRateBudget {

    static final String SHARED_SCOPE = "(zoom.rate-limit.requests-per-second, shared by all replicas through Redis)";

    /**
     * KEYS: 1 the departures (sorted set, µs), 2 the limits hash. ARGV: 1 limit, 2 halved limit, 3 window µs,
     * 4 max wait µs, 5 member for this reservation, 6 how long after now a schedule Redis has lost may still hold
     * departures (µs; the replica's guard, 0 when it never booked), then pairs (age µs, member) of local
     * departures to merge. Returns {status, µs, µs}: {0, wait, 0} reserved; {1, wait it would need, latest booked
     * departure from now} refused; {2, µs until the daily reset, reset as epoch µs} refused. Sent again with the same
     * arguments (after a late reply), it answers the slot the first run booked.
     */
    static final RedisScript RESERVE = RedisScript.of("rate-budget-reserve", """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local st = redis.call('HMGET', KEYS[2], 'last_now', 'daily_until', 'pause_until', 'slow_until')
            local fresh = not st[1]
            now = math.max(now, tonumber(st[1]) or 0)
            local daily = tonumber(st[2]) or 0
            if daily > now then
              return {2, daily - now, daily}
            end
            local limit = tonumber(ARGV[1])
            if (tonumber(st[4]) or 0) > now then
              limit = tonumber(ARGV[2])
            end
            local window = tonumber(ARGV[3])
            local mine = tonumber(redis.call('ZSCORE', KEYS[1], ARGV[5]))
            if mine then
              return {0, math.max(0, mine - now), 0}
            end
            for i = 7, #ARGV - 1, 2 do
              redis.call('ZADD', KEYS[1], now - tonumber(ARGV[i]), ARGV[i + 1])
            end
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
            local dep = math.max(now, tonumber(st[3]) or 0)
            if fresh then
              dep = dep + tonumber(ARGV[6])
            end
            local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
            if #last > 0 then
              dep = math.max(dep, tonumber(last[2]))
            end
            if redis.call('ZCARD', KEYS[1]) >= limit then
              local kth = redis.call('ZRANGE', KEYS[1], -limit, -limit, 'WITHSCORES')
              dep = math.max(dep, tonumber(kth[2]) + window)
            end
            local wait = dep - now
            if wait > tonumber(ARGV[4]) then
              local latest = 0
              if #last > 0 then
                latest = tonumber(last[2]) - now
              end
              return {1, wait, latest}
            end
            redis.call('ZADD', KEYS[1], dep, ARGV[5])
            redis.call('PEXPIRE', KEYS[1], math.floor((wait + window) / 1000) + 1000)
            redis.call('HSET', KEYS[2], 'last_now', now)
            return {0, wait, 0}
            """);

    /**
     * KEYS: 1 the limits hash. ARGV: 1 {@code daily}, {@code pause} or {@code slow}; 2 for daily the reset as epoch µs,
     * for pause its length in µs; 3 the slow-down length in µs. Values only ever move later.
     */
    static final RedisScript LEARN = RedisScript.of("rate-budget-learn", """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local function later(field, value)
              if value > (tonumber(redis.call('HGET', KEYS[1], field)) or 0) then
                redis.call('HSET', KEYS[1], field, value)
              end
            end
            if ARGV[1] == 'daily' then
              later('daily_until', tonumber(ARGV[2]))
              return 1
            end
            if ARGV[1] == 'pause' then
              later('pause_until', now + tonumber(ARGV[2]))
            end
            later('slow_until', now + tonumber(ARGV[3]))
            return 1
            """);

    private static final long WINDOW_MICROS = SlidingWindowSchedule.WINDOW_NANOS / 1000;
    /** Redis's clock moves on between the refusal and the second reservation of a cold account. */
    private static final long COLD_START_SLACK_MICROS = 100_000;

    private final boolean enabled;
    private final int limit;
    private final long maxWaitMicros;
    private final RedisStore redis;
    private final SlidingWindowRateBudget fallback;
    private final ZoomMetrics metrics;
    private final BudgetTime time;
    private final ConcurrentMap<String, Account> accounts = new ConcurrentHashMap<>();

    /**
     * @param fallback the local budget with this replica's share, used while Redis cannot be reached; it must read the
     *                 same {@code time}
     */
    RedisRateBudget(boolean enabled, int limit, Duration maxWait, RedisStore redis, SlidingWindowRateBudget fallback,
            ZoomMetrics metrics, BudgetTime time) {
        this.enabled = enabled;
        this.limit = limit;
        this.maxWaitMicros = maxWait.toNanos() / 1000;
        this.redis = redis;
        this.fallback = fallback;
        this.metrics = metrics;
        this.time = time;
    }

    @Override
    public Uni<Void> permit(String account) {
        if (!enabled) {
            return Uni.createFrom().voidItem();
        }
        return reserve(account, maxWaitMicros).chain(reserved -> reserved.grant().apply(metrics));
    }

    /**
     * Only a slot free now, in the shared schedule (or the local share while Redis cannot be reached). A schedule
     * Redis lost in a restart has its first slot one window later for every caller (the guard); nobody is waiting for
     * it then, so the background call waits that window.
     */
    @Override
    public Uni<Boolean> permitIfFree(String account) {
        if (!enabled) {
            return Uni.createFrom().item(true);
        }
        return reserve(account, 0).chain(reserved -> {
            if (reserved.grant().refusal() == null) {
                return Uni.createFrom().item(true);
            }
            if (!reserved.nothingBooked()) {
                return Uni.createFrom().item(false);
            }
            return reserve(account, WINDOW_MICROS + COLD_START_SLACK_MICROS)
                    .chain(cold -> cold.grant().refusal() == null ? cold.grant().apply(metrics).replaceWith(true)
                            : Uni.createFrom().item(false));
        });
    }

    /**
     * A reservation's decision, not yet applied (waited for or counted), and whether Redis said it had no departure
     * of the account booked at all.
     */
    private record Reservation(SlidingWindowRateBudget.Grant grant, boolean nothingBooked) {
    }

    /** Reserves a slot at most {@code maxWait} µs away. */
    private Uni<Reservation> reserve(String account, long maxWait) {
        return Uni.createFrom().deferred(() -> {
            Account state = accounts.computeIfAbsent(account, key -> new Account(time.nanoTime()));
            if (!redis.reachable()) {
                return Uni.createFrom().item(new Reservation(local(account, state, maxWait * 1000), false));
            }
            List<String> args = new ArrayList<>(List.of(Integer.toString(limit),
                    Integer.toString(Lesson.halved(limit)), Long.toString(WINDOW_MICROS),
                    Long.toString(maxWait), redis.uniqueId(), Long.toString(state.lossGuardMicros())));
            long sentAt = time.nanoTime();
            List<Long> merged = state.localDepartures(sentAt);
            for (long departure : merged) {
                args.add(Long.toString((sentAt - departure) / 1000));
                args.add(redis.uniqueId());
            }
            return redis.eval(RESERVE, List.of(redis.key(account, "budget"), redis.key(account, "limits")), args)
                    .map(reply -> shared(account, state, reply, merged))
                    .onFailure(RedisUnavailableException.class)
                    .recoverWithItem(() -> new Reservation(local(account, state, maxWait * 1000), false));
        });
    }

    @Override
    public void observe(String account, RateLimit rateLimit, boolean limited) {
        if (!enabled) {
            return;
        }
        fallback.observe(account, rateLimit, limited);
        Lesson lesson = Lesson.of(rateLimit, limited, time.now());
        if (lesson.kind() == Lesson.Kind.NOTHING || !redis.reachable()) {
            return;
        }
        String slow = Long.toString(Lesson.SLOW_DOWN.toNanos() / 1000);
        List<String> args = switch (lesson.kind()) {
            case DAILY -> List.of("daily", Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, lesson.dailyReset())),
                    slow);
            case PAUSE -> List.of("pause", Long.toString(lesson.pause().toNanos() / 1000), slow);
            default -> List.of("slow", "0", slow);
        };
        // Best effort: a failure has already switched the store to its fallback and been logged there.
        redis.eval(LEARN, List.of(redis.key(account, "limits")), args).subscribe().with(ok -> {
        }, failure -> {
        });
    }

    private Reservation shared(String account, Account state, Response reply, List<Long> merged) {
        long repliedAt = time.nanoTime();
        int status = reply.get(0).toInteger();
        long micros = reply.get(1).toLong();
        SlidingWindowRateBudget.Grant grant;
        boolean nothingBooked = false;
        if (status == 2) {
            Instant resetAt = Instant.EPOCH.plus(reply.get(2).toLong(), ChronoUnit.MICROS);
            fallback.observe(account, new RateLimit(RateLimit.Type.DAILY, null, null, 0, resetAt), true);
            grant = new SlidingWindowRateBudget.Grant(null, BudgetRefusals.daily(resetAt));
        } else if (status == 1) {
            nothingBooked = reply.get(2).toLong() == 0;
            state.booked(repliedAt + reply.get(2).toLong() * 1000);
            grant = new SlidingWindowRateBudget.Grant(null, BudgetRefusals.noSlot(limit,
                    time.now().plus(micros, ChronoUnit.MICROS), SHARED_SCOPE));
        } else {
            state.booked(repliedAt + micros * 1000);
            state.knowsSchedule();
            grant = new SlidingWindowRateBudget.Grant(Duration.ofNanos(micros * 1000), null);
        }
        state.shared(merged);
        return new Reservation(grant, nothingBooked);
    }

    private SlidingWindowRateBudget.Grant local(String account, Account state, long maxWaitNanos) {
        return state.local(() -> {
            long now = time.nanoTime();
            Long holdUntil = state.enterLocal();
            if (holdUntil != null) {
                fallback.holdUntil(account, holdUntil);
            }
            SlidingWindowRateBudget.Grant grant = fallback.grant(account, maxWaitNanos);
            if (grant.refusal() == null) {
                state.departedLocally(now + grant.delay().toNanos());
            }
            return grant;
        });
    }

    /** What this replica knows of one account's shared schedule, and its local departures while Redis was away. */
    private static final class Account {
        private long latestBooked;
        private boolean local;
        private boolean knowsSchedule;
        private final Deque<Long> localDepartures = new ArrayDeque<>();

        Account(long now) {
            latestBooked = now - SlidingWindowSchedule.WINDOW_NANOS;
        }

        /** Runs one local reservation alone, so that entering local mode and its hold come before any local slot. */
        synchronized SlidingWindowRateBudget.Grant local(Supplier<SlidingWindowRateBudget.Grant> reservation) {
            return reservation.get();
        }

        /** Redis booked a departure for this replica: a schedule Redis has since lost may hold it. */
        synchronized void knowsSchedule() {
            knowsSchedule = true;
        }

        /** The guard this replica asks for if Redis has no schedule: one window if it ever booked there, else none. */
        synchronized long lossGuardMicros() {
            return knowsSchedule ? WINDOW_MICROS : 0;
        }

        synchronized void booked(long departure) {
            if (departure - latestBooked > 0) {
                latestBooked = departure;
            }
        }

        /** On the first local call after shared ones: until when local departures must wait; else null. */
        synchronized Long enterLocal() {
            if (local) {
                return null;
            }
            local = true;
            return latestBooked + SlidingWindowSchedule.WINDOW_NANOS;
        }

        synchronized void departedLocally(long departure) {
            localDepartures.addLast(departure);
        }

        /** The local departures that still matter at {@code now} (within one window), to add to the shared schedule. */
        synchronized List<Long> localDepartures(long now) {
            while (!localDepartures.isEmpty()
                    && now - localDepartures.peekFirst() >= SlidingWindowSchedule.WINDOW_NANOS) {
                localDepartures.removeFirst();
            }
            return List.copyOf(localDepartures);
        }

        /** Redis answered: {@code merged}, sent with the request, are in the shared schedule now. */
        synchronized void shared(List<Long> merged) {
            local = false;
            localDepartures.removeAll(merged);
        }
    }
}
