package dev.zoomtoken.internal.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.zoomtoken.ZoomUserTokens;
import dev.zoomtoken.model.UserToken;
import dev.zoomtoken.model.UserTokenRequest;
import io.smallrye.mutiny.Uni;

/**
 * Unmeasured calls before a rate-budget measurement. A cold client and in-JVM WireMock answer (and log) the first
 * concurrent calls up to a hundred milliseconds late and can outlast a short attempt timeout; one burst warms both,
 * and the pause lets its window pass so the budget is full again.
 */
final class BudgetWarmUp {

    /** Longer than {@link SlidingWindowSchedule#WINDOW_NANOS}, so the warm-up's sends leave the window. */
    private static final Duration PAUSE = Duration.ofMillis(1500);

    private BudgetWarmUp() {
    }

    static void run(ZoomUserTokens tokens, WireMockServer zoom, int calls) throws InterruptedException {
        List<Uni<UserToken>> warm = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            warm.add(tokens.getAsync(UserTokenRequest.zak("user" + i + "@example.com")));
        }
        Uni.join().all(warm).andFailFast().await().atMost(Duration.ofSeconds(30));
        // The application's budget runs on the system clock (these are real-time smoke tests; its rules are tested on
        // a hand-moved clock in SlidingWindowRateBudgetTest), and it tells no one when a window has passed.
        Thread.sleep(PAUSE.toMillis());
        zoom.resetRequests();
    }
}
