package dev.zoomtoken.internal.tracing;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;

import dev.zoomtoken.internal.config.ZoomConfig;
import dev.zoomtoken.internal.crypto.Hashes;
import dev.zoomtoken.model.Failure;
import dev.zoomtoken.model.UserTokenRequest;
import dev.zoomtoken.model.ZoomApiException;
import dev.zoomtoken.model.ZoomUserIds;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import io.smallrye.mutiny.Uni;

/**
 * The module's own spans, and the one place for their names and attribute keys. Spans are recorded only when the
 * application has OpenTelemetry (the {@code quarkus-opentelemetry} extension) and its SDK is not disabled
 * ({@code quarkus.otel.sdk.disabled}); otherwise every method here works on no-op spans.
 * <p>
 * Nothing secret or personal is put in a span: the user appears only as the pseudonym of the broker's request log
 * ({@link #userPseudonym}), Zoom's path only as its template, failures only as their {@link Failure#outcome()} or
 * {@link Failure#retryReason()}, never as an exception message (Zoom's messages can name the user's email).
 */
@ApplicationScoped
public class ZoomTracing {

    /** The instrumentation scope of the module's spans. */
    public static final String SCOPE = "dev.zoomtoken";

    /** The token call as a whole ({@link dev.zoomtoken.model.UserTokenRequest}), retries and waits included. */
    public static final String USER_TOKEN_SPAN = "zoom.user_token";
    /** Zoom's token endpoint as its route template, the only form of its path in spans. */
    public static final String USER_TOKEN_ROUTE = "/users/{userId}/token";
    /** One attempt at Zoom's token endpoint (a CLIENT span); a retried call has one per attempt. */
    public static final String USER_TOKEN_ATTEMPT_SPAN = "GET " + USER_TOKEN_ROUTE;
    /**
     * A Server-to-Server access-token fetch (from Zoom's OAuth endpoint, or from the replicas' shared copy in Redis),
     * linked from every token call that waited for it.
     */
    public static final String ACCESS_TOKEN_FETCH_SPAN = "zoom.access_token.fetch";
    /**
     * A connected user's access-token refresh (the claim on the connection's row, Zoom's token endpoint, the write of
     * the new tokens), a child of the token call that started it and linked from every token call that waited for it.
     */
    public static final String ACCESS_TOKEN_REFRESH_SPAN = "zoom.access_token.refresh";
    /**
     * The start of the name of a Redis CLIENT span, followed by what the command or script does:
     * {@code redis rate-budget-reserve}, {@code redis s2s-token-get-or-lock}, {@code redis SET}.
     */
    public static final String REDIS_SPAN_PREFIX = "redis ";
    /**
     * The start of the name of a PostgreSQL CLIENT span (one per statement), followed by what the statement does:
     * {@code postgresql find-connection}, {@code postgresql claim-refresh}, {@code postgresql update-tokens}.
     */
    public static final String POSTGRESQL_SPAN_PREFIX = "postgresql ";
    /** The {@link #DB_SYSTEM} of Redis spans. */
    public static final String REDIS = "redis";
    /** The {@link #DB_SYSTEM} of PostgreSQL spans (also for H2 in dev mode: the module's SQL is the same). */
    public static final String POSTGRESQL = "postgresql";

    public static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey("zoom.token.type");
    public static final AttributeKey<String> USER = AttributeKey.stringKey("zoom.user");
    public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("zoom.outcome");
    public static final AttributeKey<Boolean> COALESCED = AttributeKey.booleanKey("zoom.coalesced");
    public static final AttributeKey<Long> RATE_LIMIT_WAIT_MS = AttributeKey.longKey("zoom.rate_limit.wait_ms");
    public static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("zoom.attempt");
    public static final AttributeKey<Long> RETRY_BACKOFF_MS = AttributeKey.longKey("zoom.retry.backoff_ms");
    public static final AttributeKey<String> TRACKING_ID = AttributeKey.stringKey("zoom.tracking_id");
    public static final AttributeKey<String> OAUTH_GRANT = AttributeKey.stringKey("zoom.oauth.grant");
    public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    public static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
    public static final AttributeKey<String> URL_TEMPLATE = AttributeKey.stringKey("url.template");
    public static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    public static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system.name");
    /** The Redis command ({@code EVALSHA}, {@code SET}) or the SQL statement's verb ({@code SELECT}). */
    public static final AttributeKey<String> DB_OPERATION = AttributeKey.stringKey("db.operation.name");
    /** The table of a PostgreSQL statement. */
    public static final AttributeKey<String> DB_COLLECTION = AttributeKey.stringKey("db.collection.name");
    /** The SQLSTATE of a failed PostgreSQL statement. */
    public static final AttributeKey<String> DB_RESPONSE_STATUS = AttributeKey.stringKey("db.response.status_code");

    /** The W3C trace-context header sent to Zoom only when {@code zoom.tracing.propagate-to-zoom} is on. */
    public static final String TRACEPARENT = "traceparent";

    /** The {@link #OUTCOME} of a call that succeeded, as in {@code zoom_token_requests_seconds}. */
    public static final String SUCCESS = "success";
    /** The {@link #OUTCOME} of a call whose caller went away before it ended. */
    public static final String CANCELLED = "cancelled";

    private static final ContextKey<TokenCall> TOKEN_CALL = ContextKey.named("dev.zoomtoken.token-call");
    private static final ZoomTracing OFF = new ZoomTracing(OpenTelemetry.noop(), false, false);
    private static final CallerContext NO_CONTEXT = new CallerContext(null);
    /** The caller context of the work this thread does now, for the store spans it starts (see {@link #storeCall}). */
    private static final ThreadLocal<Context> WORK_CONTEXT = new ThreadLocal<>();

    private final Tracer tracer;
    private final boolean recording;
    private final boolean propagateToZoom;

    @Inject
    ZoomTracing(Instance<OpenTelemetry> openTelemetry, ZoomConfig config) {
        this(openTelemetry.isResolvable() && !sdkDisabled() ? openTelemetry.get() : OpenTelemetry.noop(),
                openTelemetry.isResolvable() && !sdkDisabled(), config.tracing().propagateToZoom());
    }

    /** {@code recording} false: no span, and no trace context looked up or made current (which updates the MDC). */
    private ZoomTracing(OpenTelemetry openTelemetry, boolean recording, boolean propagateToZoom) {
        this.tracer = openTelemetry.getTracer(SCOPE);
        this.recording = recording;
        this.propagateToZoom = propagateToZoom;
    }

    /** Spans that record nothing: for code made outside CDI, such as tests. */
    public static ZoomTracing off() {
        return OFF;
    }

    /**
     * The SDK Quarkus injects keeps recording spans when {@code quarkus.otel.sdk.disabled=true}; only its own
     * instrumentation stops. So the module reads the switch itself.
     */
    private static boolean sdkDisabled() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.otel.sdk.disabled", Boolean.class).orElse(false);
    }

    /**
     * The user in spans: {@code me} as is, anyone else as the first 12 hex digits of SHA-256 of the
     * {@link ZoomUserIds#comparisonKey comparison key}, as in the broker's request log.
     */
    public static String userPseudonym(UserTokenRequest request) {
        return ZoomUserIds.isMe(request.userId()) ? ZoomUserIds.ME : Hashes.sha256HexPrefix(request.userKey(), 6);
    }

    /**
     * {@code call} under a new {@value #USER_TOKEN_SPAN} span for {@code request}: the span starts when the result is
     * subscribed to, is current while {@code call} is made and subscribed to, and ends with its outcome.
     */
    public <T> Uni<T> tokenCall(UserTokenRequest request, Function<TokenCall, Uni<T>> call) {
        if (!recording) {
            return Uni.createFrom().deferred(() -> call.apply(new TokenCall(Span.getInvalid())));
        }
        return Uni.createFrom().deferred(() -> {
            Span span = tracer.spanBuilder(USER_TOKEN_SPAN).setSpanKind(SpanKind.INTERNAL)
                    .setAttribute(TOKEN_TYPE, request.type().wireValue())
                    .setAttribute(USER, userPseudonym(request))
                    .startSpan();
            TokenCall tokenCall = new TokenCall(span);
            Context context = Context.current().with(span).with(TOKEN_CALL, tokenCall);
            Uni<T> result;
            try (Scope ignored = context.makeCurrent()) {
                result = call.apply(tokenCall);
            }
            return result.runSubscriptionOn(subscription -> {
                try (Scope ignored = context.makeCurrent()) {
                    subscription.run();
                }
            }).onTermination().invoke((item, failure, cancelled) -> tokenCall.end(failure, cancelled));
        });
    }

    /**
     * The trace context current now, to make current again where the work continues on another thread (the
     * continuation of an access-token fetch, a retry).
     */
    public CallerContext callerContext() {
        return recording ? new CallerContext(Context.current()) : NO_CONTEXT;
    }

    /** A record of which token call leads each shared call, so that the calls that join one link to it. */
    public <K> SharedCallLeaders<K> sharedCallLeaders() {
        return new SharedCallLeaders<>();
    }

    /** The attempts of one token call at Zoom, children of the span current now. */
    public Attempts attempts() {
        return new Attempts(recording ? Context.current() : Context.root());
    }

    /**
     * A {@value #ACCESS_TOKEN_FETCH_SPAN} span for an access-token fetch with {@code grant}, a child of the span
     * current now; every token call it serves links to it ({@link AccessTokenFetch#linkFromCurrent()}).
     */
    public AccessTokenFetch accessTokenFetch(String grant) {
        Span span = tracer.spanBuilder(ACCESS_TOKEN_FETCH_SPAN).setSpanKind(SpanKind.INTERNAL)
                .setAttribute(OAUTH_GRANT, grant)
                .startSpan();
        return new AccessTokenFetch(span, recording ? new CallerContext(Context.current().with(span)) : NO_CONTEXT);
    }

    /**
     * The {@value #ACCESS_TOKEN_REFRESH_SPAN} spans of connected users' refreshes, one per refresh of a connection
     * ({@code K}) that runs in this process.
     */
    public <K> AccessTokenRefreshes<K> accessTokenRefreshes() {
        return new AccessTokenRefreshes<>();
    }

    /**
     * A CLIENT span {@code redis <operation>} for one command or script sent to Redis, a child of the span current
     * now; none outside a trace (start-up checks, background work) or with tracing off. It carries the command, never
     * its keys or arguments (keys name the account, arguments can be sealed tokens).
     *
     * @param operation what the command or script does: the script's name, or the command itself
     * @param command   the Redis command sent ({@code EVALSHA}, {@code SET})
     */
    public StoreCall redis(String operation, String command) {
        return storeCall(REDIS, REDIS_SPAN_PREFIX, operation, command, null);
    }

    /**
     * A CLIENT span {@code postgresql <operation>} for one SQL statement, a child of the span of the work this thread
     * does for a caller ({@link CallerContext#on}) or else of the span current now; none outside a trace or with
     * tracing off. It carries the statement's verb and table, never the statement or its values (principals, sealed
     * tokens).
     *
     * @param operation what the statement does ({@code claim-refresh})
     * @param table     the table it works on
     * @param sql       the statement, whose first word is its verb
     */
    public StoreCall postgresql(String operation, String table, String sql) {
        if (!recording) {
            return StoreCall.NONE;
        }
        int space = sql.indexOf(' ');
        return storeCall(POSTGRESQL, POSTGRESQL_SPAN_PREFIX, operation, space > 0 ? sql.substring(0, space) : sql,
                table);
    }

    /**
     * A started CLIENT span of {@code system}, or {@link StoreCall#NONE} when there is no recorded span to be its
     * parent. The parent is the caller's context this thread works in ({@link #within}, {@link CallerContext#on}),
     * read from this thread alone: Quarkus keeps the current context in the request's Vert.x context, which the
     * request's other threads (the event loop, a worker) change meanwhile.
     */
    private StoreCall storeCall(String system, String prefix, String operation, String command, String table) {
        if (!recording) {
            return StoreCall.NONE;
        }
        Context parent = WORK_CONTEXT.get();
        if (parent == null) {
            parent = Context.current();
        }
        if (!Span.fromContext(parent).getSpanContext().isValid()) {
            return StoreCall.NONE;
        }
        SpanBuilder builder = tracer.spanBuilder(prefix + operation).setSpanKind(SpanKind.CLIENT).setParent(parent)
                .setAttribute(DB_SYSTEM, system)
                .setAttribute(DB_OPERATION, command);
        if (table != null) {
            builder.setAttribute(DB_COLLECTION, table);
        }
        Span span = builder.startSpan();
        return new StoreCall(span, parent.with(span));
    }

    /** Makes {@code context} this thread's caller context, the parent of the store spans it starts; the previous. */
    private static Context enterWork(Context context) {
        Context previous = WORK_CONTEXT.get();
        WORK_CONTEXT.set(context);
        return previous;
    }

    /** Makes {@code previous}, from {@link #enterWork}, this thread's caller context again. */
    private static void leaveWork(Context previous) {
        if (previous == null) {
            WORK_CONTEXT.remove();
        } else {
            WORK_CONTEXT.set(previous);
        }
    }

    /** {@code work}, made and subscribed to with {@code context} current and as this thread's caller context. */
    private static <T> Uni<T> within(Context context, Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            Context previous = enterWork(context);
            try (Scope ignored = context.makeCurrent()) {
                return work.get();
            } finally {
                leaveWork(previous);
            }
        }).runSubscriptionOn(subscription -> {
            Context previous = enterWork(context);
            try (Scope ignored = context.makeCurrent()) {
                subscription.run();
            } finally {
                leaveWork(previous);
            }
        });
    }

    private static void failed(Span span, Throwable failure) {
        Failure kind = Failure.of(failure);
        span.setAttribute(ERROR_TYPE, kind.retryReason() != null ? kind.retryReason() : kind.outcome());
        span.setStatus(StatusCode.ERROR);
        if (failure instanceof ZoomApiException zoom) {
            span.setAttribute(HTTP_STATUS, (long) zoom.status());
            zoom.trackingId().ifPresent(id -> span.setAttribute(TRACKING_ID, id));
        }
    }

    /** The {@value #USER_TOKEN_SPAN} span of one token call. */
    public static final class TokenCall {

        private final Span span;
        private final AtomicLong rateLimitWaitNanos = new AtomicLong();
        private final AtomicBoolean ended = new AtomicBoolean();
        private volatile boolean leads;

        private TokenCall(Span span) {
            this.span = span;
            span.setAttribute(COALESCED, false);
        }

        private void coalescedWith(TokenCall leader) {
            span.setAttribute(COALESCED, true);
            if (leader != null) {
                span.addLink(leader.span.getSpanContext());
            }
        }

        private void end(Throwable failure, boolean cancelled) {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            span.setAttribute(RATE_LIMIT_WAIT_MS, TimeUnit.NANOSECONDS.toMillis(rateLimitWaitNanos.get()));
            if (cancelled) {
                span.setAttribute(OUTCOME, CANCELLED);
            } else if (failure == null) {
                span.setAttribute(OUTCOME, SUCCESS);
            } else {
                span.setAttribute(OUTCOME, Failure.of(failure).outcome());
                span.setAttribute(ERROR_TYPE, Failure.of(failure).outcome());
                span.setStatus(StatusCode.ERROR);
            }
            span.end();
        }
    }

    /**
     * The token call that leads each shared call now. The leader's span is the parent of the attempts at Zoom; a call
     * that joins it is marked {@link #COALESCED} and links to it.
     */
    public static final class SharedCallLeaders<K> {

        private final ConcurrentMap<K, TokenCall> leaders = new ConcurrentHashMap<>();

        /** {@code call} leads the shared call {@code key}, which {@code work} makes. */
        public <T> Uni<T> lead(K key, TokenCall call, Uni<T> work) {
            if (!call.span.isRecording()) {
                return work;
            }
            call.leads = true;
            leaders.put(key, call);
            return work.onTermination().invoke(() -> leaders.remove(key, call));
        }

        /** {@code call} subscribed to the shared call {@code key}: it joined it, unless it leads it. */
        public void subscribed(K key, TokenCall call) {
            if (call.span.isRecording() && !call.leads) {
                call.coalescedWith(leaders.get(key));
            }
        }
    }

    /** A trace context taken on one thread, made current again on another. */
    public static final class CallerContext {

        private final Context context;

        private CallerContext(Context context) {
            this.context = context;
        }

        /** {@code work} with this context current. */
        public <T> T run(Supplier<T> work) {
            if (context == null) {
                return work.get();
            }
            try (Scope ignored = context.makeCurrent()) {
                return work.get();
            }
        }

        /**
         * {@code work} to run on another thread (a worker's blocking store call) for this context: the store spans it
         * starts are children of this context's span. It is not made current there, since Quarkus keeps the current
         * context in the request's Vert.x context, which the event loop uses meanwhile. {@code work} itself when none.
         */
        public <T> Callable<T> on(Callable<T> work) {
            if (context == null) {
                return work;
            }
            return () -> {
                Context previous = enterWork(context);
                try {
                    return work.call();
                } finally {
                    leaveWork(previous);
                }
            };
        }

        /**
         * {@code work} made and subscribed to with this context current, for work that continues after a wait on
         * another thread (a poll, a reply): what it starts belongs to this trace.
         */
        public <T> Uni<T> subscribe(Supplier<Uni<T>> work) {
            return context == null ? work.get() : within(context, work);
        }
    }

    /** The attempts of one token call; SmallRye Fault Tolerance starts each through {@link #next()}. */
    public final class Attempts {

        private final Context parent;
        private final AtomicLong attempts = new AtomicLong();
        private final AtomicLong lastEnded = new AtomicLong();

        private Attempts(Context parent) {
            this.parent = parent;
        }

        /**
         * {@code budget}, the rate budget's permit for an attempt, subscribed to with the token call's trace context
         * current: what the budget sends to Redis is part of the call. {@code budget} itself with tracing off.
         */
        public <T> Uni<T> inCall(Uni<T> budget) {
            return recording ? within(parent, () -> budget) : budget;
        }

        /** The next attempt, which starts now, when it asks the rate budget for a permit. */
        public Attempt next() {
            long now = System.nanoTime();
            long number = attempts.incrementAndGet();
            long backoff = number == 1 ? 0 : TimeUnit.NANOSECONDS.toMillis(now - lastEnded.get());
            return new Attempt(this, number, backoff, now);
        }
    }

    /** One attempt at Zoom's token endpoint: its CLIENT span starts when the rate budget lets it go. */
    public final class Attempt {

        private final Attempts attempts;
        private final long number;
        private final long backoffMillis;
        private final long askedForPermit;
        private volatile Span span;

        private Attempt(Attempts attempts, long number, long backoffMillis, long askedForPermit) {
            this.attempts = attempts;
            this.number = number;
            this.backoffMillis = backoffMillis;
            this.askedForPermit = askedForPermit;
        }

        /** The rate budget let the attempt go: it is sent now. */
        public void sending() {
            long waited = System.nanoTime() - askedForPermit;
            TokenCall call = attempts.parent.get(TOKEN_CALL);
            if (call != null) {
                call.rateLimitWaitNanos.addAndGet(waited);
            }
            span = tracer.spanBuilder(USER_TOKEN_ATTEMPT_SPAN).setSpanKind(SpanKind.CLIENT)
                    .setParent(attempts.parent)
                    .setAttribute(HTTP_METHOD, "GET")
                    .setAttribute(URL_TEMPLATE, USER_TOKEN_ROUTE)
                    .setAttribute(ATTEMPT, number)
                    .setAttribute(RETRY_BACKOFF_MS, backoffMillis)
                    .setAttribute(RATE_LIMIT_WAIT_MS, TimeUnit.NANOSECONDS.toMillis(waited))
                    .startSpan();
        }

        /** Zoom answered {@code status}, with {@code trackingId} (or null). */
        public void answered(int status, String trackingId) {
            Span sent = span;
            if (sent != null) {
                sent.setAttribute(HTTP_STATUS, (long) status);
                if (trackingId != null) {
                    sent.setAttribute(TRACKING_ID, trackingId);
                }
            }
        }

        /**
         * The {@code traceparent} header to send with this attempt: its span's context when
         * {@code zoom.tracing.propagate-to-zoom} is on and the span is recorded, otherwise null (no header).
         */
        public String traceparent() {
            Span sent = span;
            if (!propagateToZoom || sent == null || !sent.getSpanContext().isValid()) {
                return null;
            }
            Map<String, String> headers = new HashMap<>(2);
            W3CTraceContextPropagator.getInstance().inject(Context.root().with(sent), headers, Map::put);
            return headers.get(TRACEPARENT);
        }

        /** The attempt ended: {@code failure} null when Zoom's answer was used, {@code cancelled} when abandoned. */
        public void ended(Throwable failure, boolean cancelled) {
            attempts.lastEnded.set(System.nanoTime());
            Span sent = span;
            if (sent == null) {
                return;
            }
            if (cancelled) {
                sent.setAttribute(ERROR_TYPE, CANCELLED);
            } else if (failure != null) {
                failed(sent, failure);
            }
            sent.end();
        }
    }

    /** The span of one access-token fetch or refresh. */
    public static final class AccessTokenFetch {

        private final Span span;
        private final CallerContext context;

        private AccessTokenFetch(Span span, CallerContext context) {
            this.span = span;
            this.context = context;
        }

        /** The trace context of this fetch: the Redis and PostgreSQL work it does is its child. */
        public CallerContext context() {
            return context;
        }

        /** The token call current now waits for this fetch: its span links to it. */
        public void linkFromCurrent() {
            linkFrom(Context.current());
        }

        private void linkFrom(Context waiter) {
            TokenCall call = waiter.get(TOKEN_CALL);
            (call != null ? call.span : Span.fromContext(waiter)).addLink(span.getSpanContext());
        }

        /** The fetch ended, with {@code failure} or (null) a token. */
        public void ended(Throwable failure) {
            if (failure != null) {
                failed(span, failure);
            }
            span.end();
        }
    }

    /**
     * The refreshes of connected users' access tokens that run in this process, by connection: each in its own
     * {@value #ACCESS_TOKEN_REFRESH_SPAN} span, which the token calls it serves link to.
     */
    public final class AccessTokenRefreshes<K> {

        private final ConcurrentMap<K, AccessTokenFetch> running = new ConcurrentHashMap<>();

        private AccessTokenRefreshes() {
        }

        /**
         * {@code refresh} as the refresh of {@code key} that {@code leader}'s token call starts: under a new span, a
         * child of the leader's, which ends with the refresh. {@code refresh} gets the trace context to do its work
         * in (the leader's when tracing is off).
         */
        public <T> Uni<T> run(K key, CallerContext leader, Function<CallerContext, Uni<T>> refresh) {
            if (!recording) {
                return refresh.apply(leader);
            }
            Context parent = leader.context != null ? leader.context : Context.current();
            Span span = tracer.spanBuilder(ACCESS_TOKEN_REFRESH_SPAN).setSpanKind(SpanKind.INTERNAL).setParent(parent)
                    .setAttribute(OAUTH_GRANT, "refresh_token")
                    .startSpan();
            AccessTokenFetch trace = new AccessTokenFetch(span, new CallerContext(parent.with(span)));
            running.put(key, trace);
            return refresh.apply(trace.context()).onTermination().invoke((token, failure, cancelled) -> {
                running.remove(key, trace);
                trace.ended(failure);
            });
        }

        /** {@code caller}'s token call waits for the refresh of {@code key} running now: its span links to it. */
        public void joined(K key, CallerContext caller) {
            if (!recording || caller.context == null) {
                return;
            }
            AccessTokenFetch trace = running.get(key);
            if (trace != null) {
                trace.linkFrom(caller.context);
            }
        }
    }

    /** The CLIENT span of one command, script or statement sent to Redis or PostgreSQL; {@link #NONE} records none. */
    public static final class StoreCall {

        private static final StoreCall NONE = new StoreCall(null, null);

        private final Span span;
        private final Context context;
        private final AtomicBoolean ended = new AtomicBoolean();

        private StoreCall(Span span, Context context) {
            this.span = span;
            this.context = context;
        }

        /**
         * {@code command}, subscribed to with this span current; the span ends with its outcome, a failure named by
         * {@code errorType} (never by its message). {@code command} itself when no span is recorded.
         */
        public <T> Uni<T> around(Uni<T> command, Function<Throwable, String> errorType) {
            if (span == null) {
                return command;
            }
            return within(context, () -> command).onTermination().invoke((item, failure, cancelled) -> {
                if (cancelled) {
                    end(CANCELLED, null);
                } else {
                    end(failure == null ? null : errorType.apply(failure), null);
                }
            });
        }

        /**
         * The statement ended, {@code failure} null when it succeeded; a failure is named by its SQLSTATE when it has
         * one, else by its class, never by its message.
         */
        public void ended(Throwable failure) {
            if (span == null) {
                return;
            }
            if (failure == null) {
                end(null, null);
                return;
            }
            String state = null;
            for (Throwable cause = failure; cause != null && state == null; cause = cause.getCause()) {
                if (cause instanceof SQLException sql) {
                    state = sql.getSQLState();
                }
            }
            end(state != null ? state : failure.getClass().getName(), state);
        }

        private void end(String errorType, String responseStatus) {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            if (errorType != null) {
                span.setAttribute(ERROR_TYPE, errorType);
                span.setStatus(StatusCode.ERROR);
            }
            if (responseStatus != null) {
                span.setAttribute(DB_RESPONSE_STATUS, responseStatus);
            }
            span.end();
        }
    }
}
