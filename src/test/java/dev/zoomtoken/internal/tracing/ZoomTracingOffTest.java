package dev.zoomtoken.internal.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;

/**
 * With tracing off (no OpenTelemetry, or {@code quarkus.otel.sdk.disabled=true}), the store and refresh tracing adds
 * nothing to a request: no wrapper around a Redis command, the rate budget's permit or a blocking store call, one
 * shared caller context, and a refresh that runs as it is.
 */
class ZoomTracingOffTest {

    private final ZoomTracing off = ZoomTracing.off();

    @Test
    void redisCommandsAndTheBudgetsPermitAreLeftAsTheyAre() {
        Uni<String> command = Uni.createFrom().item("OK");
        ZoomTracing.StoreCall call = off.redis("rate-budget-reserve", "EVALSHA");
        assertSame(call, off.redis("s2s-token-get-or-lock", "EVALSHA"), "one no-op call, nothing made per command");
        assertSame(command, call.around(command, failure -> "unavailable"));
        assertSame(command, off.attempts().inCall(command));
    }

    @Test
    void blockingStoreCallsGetNoWrapperAndCallersShareOneContext() throws Exception {
        ZoomTracing.CallerContext caller = off.callerContext();
        assertSame(caller, off.callerContext(), "no context is taken per call");
        Callable<String> work = () -> "row";
        assertSame(work, caller.on(work));
        ZoomTracing.StoreCall statement = off.postgresql("claim-refresh", "zoom_user_token_connection",
                "UPDATE zoom_user_token_connection SET refresh_owner = ?");
        assertSame(statement, off.postgresql("find-connection", "zoom_user_token_connection", "SELECT 1"));
        statement.ended(null);
    }

    @Test
    void aRefreshRunsAsItIsInItsCallersContext() {
        ZoomTracing.CallerContext caller = off.callerContext();
        ZoomTracing.AccessTokenRefreshes<String> refreshes = off.accessTokenRefreshes();
        AtomicInteger runs = new AtomicInteger();
        Uni<String> refresh = Uni.createFrom().item("token");
        assertSame(refresh, refreshes.run("principal", caller, context -> {
            assertSame(caller, context);
            runs.incrementAndGet();
            return refresh;
        }));
        refreshes.joined("principal", caller);
        assertEquals(1, runs.get());
    }
}
