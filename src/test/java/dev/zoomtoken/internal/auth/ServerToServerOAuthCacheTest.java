package dev.zoomtoken.internal.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.zoomtoken.model.ZoomErrorDetails;
import dev.zoomtoken.model.ZoomOAuthException;
import dev.zoomtoken.model.ZoomServerException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;

/** The token cache's timing and single-flight rules, with a hand-driven clock and token endpoint. */
class ServerToServerOAuthCacheTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T12:00:00Z"));
    private final List<CompletableFuture<OAuthTokenResponse>> requests = new ArrayList<>();
    private final ServerToServerOAuth oauth = new ServerToServerOAuth("acct-1", () -> {
        CompletableFuture<OAuthTokenResponse> request = new CompletableFuture<>();
        requests.add(request);
        return Uni.createFrom().completionStage(request);
    }, Duration.ofSeconds(60), URI.create("https://api.zoom.us/v2"), clock, TokenSharing.NONE);

    @Test
    void waitingCallersShareOneRequestAndItsToken() {
        List<UniAssertSubscriber<AccessToken>> callers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            callers.add(oauth.accessToken().subscribe().withSubscriber(UniAssertSubscriber.create()));
        }

        assertEquals(1, requests.size());
        callers.forEach(UniAssertSubscriber::assertNotTerminated);
        requests.get(0).complete(token("first", 3600));

        callers.forEach(caller -> assertEquals("first", caller.awaitItem().getItem().value()));
        assertEquals(Instant.parse("2026-11-22T13:00:00Z"), callers.get(0).getItem().expiresAt());
        assertEquals(1, oauth.fetchCount());
    }

    @Test
    void tokenIsReusedUntilTheRefreshWindowThenRefreshedInTheBackground() {
        first("first", 3600);

        clock.advance(Duration.ofSeconds(3479));
        assertEquals("first", await(oauth.accessToken()));
        assertEquals(1, requests.size(), "refreshed too early");

        clock.advance(Duration.ofSeconds(1)); // 3480 s = expiry - 2 x 60 s skew
        assertEquals("first", await(oauth.accessToken()), "a caller in the refresh window must not wait");
        assertEquals("first", await(oauth.accessToken()));
        assertEquals(2, requests.size(), "exactly one background refresh");

        requests.get(1).complete(token("second", 3600));
        assertEquals("second", await(oauth.accessToken()));
    }

    @Test
    void expiredTokenIsNeverHandedOut() {
        first("first", 3600);
        clock.advance(Duration.ofSeconds(3540)); // expiry - 60 s skew

        UniAssertSubscriber<AccessToken> caller = oauth.accessToken().subscribe()
                .withSubscriber(UniAssertSubscriber.create());

        caller.assertNotTerminated();
        requests.get(1).complete(token("second", 3600));
        assertEquals("second", caller.awaitItem().getItem().value());
    }

    @Test
    void skewIsAtMostTenPercentOfAShortLifetime() {
        first("short", 100); // skew 10 s: refresh from 80 s, unusable from 90 s

        clock.advance(Duration.ofSeconds(79));
        assertEquals("short", await(oauth.accessToken()));
        assertEquals(1, requests.size());
        clock.advance(Duration.ofSeconds(1));
        assertEquals("short", await(oauth.accessToken()));
        assertEquals(2, requests.size());
    }

    @Test
    void failureReachesEveryWaitingCallerAndTheNextCallerTriesAgain() {
        UniAssertSubscriber<AccessToken> a = oauth.accessToken().subscribe()
                .withSubscriber(UniAssertSubscriber.create());
        UniAssertSubscriber<AccessToken> b = oauth.accessToken().subscribe()
                .withSubscriber(UniAssertSubscriber.create());
        requests.get(0).completeExceptionally(new ZoomServerException(
                new ZoomErrorDetails(503, null, null, List.of(), "t-1")));

        for (UniAssertSubscriber<AccessToken> caller : List.of(a, b)) {
            Throwable failure = caller.awaitFailure().getFailure();
            assertInstanceOf(ZoomOAuthException.class, failure);
            assertTrue(failure.getMessage().contains("503"), failure.getMessage());
        }
        assertEquals(1, oauth.failureCount());

        UniAssertSubscriber<AccessToken> next = oauth.accessToken().subscribe()
                .withSubscriber(UniAssertSubscriber.create());
        assertEquals(2, requests.size());
        requests.get(1).complete(token("recovered", 3600));
        assertEquals("recovered", next.awaitItem().getItem().value());
    }

    @Test
    void rejectedDropsOnlyTheCurrentToken() {
        first("first", 3600);

        oauth.rejected(new AccessToken("some-older-token", null));
        assertEquals("first", await(oauth.accessToken()));
        assertEquals(1, requests.size());

        oauth.rejected(new AccessToken("first", null));
        UniAssertSubscriber<AccessToken> caller = oauth.accessToken().subscribe()
                .withSubscriber(UniAssertSubscriber.create());
        assertEquals(2, requests.size());
        requests.get(1).complete(token("second", 3600));
        assertEquals("second", caller.awaitItem().getItem().value());
    }

    @Test
    void oneCallerGivingUpDoesNotCancelTheSharedRequest() {
        UniAssertSubscriber<AccessToken> quitter = oauth.accessToken().subscribe()
                .withSubscriber(UniAssertSubscriber.create());
        UniAssertSubscriber<AccessToken> patient = oauth.accessToken().subscribe()
                .withSubscriber(UniAssertSubscriber.create());

        quitter.cancel();
        requests.get(0).complete(token("first", 3600));

        assertEquals("first", patient.awaitItem().getItem().value());
        assertSame(1, requests.size());
    }

    @Test
    void missingExpiresInCountsAsOneHour() {
        first("first", null);

        clock.advance(Duration.ofSeconds(3479));
        await(oauth.accessToken());
        assertEquals(1, requests.size());
    }

    private void first(String value, Integer expiresIn) {
        UniAssertSubscriber<AccessToken> caller = oauth.accessToken().subscribe()
                .withSubscriber(UniAssertSubscriber.create());
        requests.get(requests.size() - 1).complete(token(value, expiresIn));
        caller.awaitItem();
    }

    private static String await(Uni<AccessToken> token) {
        return token.await().atMost(Duration.ofSeconds(1)).value();
    }

    private static OAuthTokenResponse token(String value, Integer expiresIn) {
        return new OAuthTokenResponse(value, "bearer", expiresIn == null ? null : expiresIn.longValue(),
                "user:read:token:admin", null);
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
