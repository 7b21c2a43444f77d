package dev.zoomtoken.internal.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;

/** Coalescing without threads or sleeps: calls are futures that the test completes itself. */
class SharedCallsTest {

    private final AtomicInteger joined = new AtomicInteger();
    private final SharedCalls<String, String> calls = new SharedCalls<>(joined::incrementAndGet);
    private final List<CompletableFuture<String>> started = new ArrayList<>();

    private Uni<String> newCall() {
        CompletableFuture<String> future = new CompletableFuture<>();
        started.add(future);
        return Uni.createFrom().completionStage(future);
    }

    @Test
    void callersWithTheSameKeyShareOneCallAndItsResult() {
        CompletableFuture<String> first = calls.join("alice", this::newCall).subscribeAsCompletionStage();
        CompletableFuture<String> second = calls.join("alice", this::newCall).subscribeAsCompletionStage();

        assertEquals(1, started.size());
        assertEquals(1, joined.get());
        assertFalse(first.isDone());

        started.get(0).complete("zak-1");

        assertEquals("zak-1", first.join());
        assertEquals("zak-1", second.join());
        assertNothingLeftBehind();
    }

    @Test
    void differentKeysMakeDifferentCalls() {
        CompletableFuture<String> alice = calls.join("alice", this::newCall).subscribeAsCompletionStage();
        CompletableFuture<String> bob = calls.join("bob", this::newCall).subscribeAsCompletionStage();

        assertEquals(2, started.size());
        assertEquals(0, joined.get());
        started.get(1).complete("zak-bob");
        started.get(0).complete("zak-alice");

        assertEquals("zak-alice", alice.join());
        assertEquals("zak-bob", bob.join());
    }

    @Test
    void aCallerAfterTheEndStartsANewCallInsteadOfReusingTheOldResult() {
        CompletableFuture<String> before = calls.join("alice", this::newCall).subscribeAsCompletionStage();
        started.get(0).complete("zak-old");
        assertEquals("zak-old", before.join());

        CompletableFuture<String> after = calls.join("alice", this::newCall).subscribeAsCompletionStage();
        assertEquals(2, started.size());
        started.get(1).complete("zak-new");

        assertEquals("zak-new", after.join());
        assertEquals(0, joined.get());
    }

    @Test
    void aFailureReachesEveryCallerAndIsForgotten() {
        IllegalStateException failure = new IllegalStateException("zoom down");
        CompletableFuture<String> first = calls.join("alice", this::newCall).subscribeAsCompletionStage();
        CompletableFuture<String> second = calls.join("alice", this::newCall).subscribeAsCompletionStage();

        started.get(0).completeExceptionally(failure);

        assertTrue(first.isCompletedExceptionally());
        assertSame(failure, first.handle((value, error) -> error).join());
        assertSame(failure, second.handle((value, error) -> error).join());
        assertNothingLeftBehind();
    }

    @Test
    void aCallerThatCancelsDoesNotCancelTheCallOthersWaitFor() {
        CompletableFuture<String> quitter = calls.join("alice", this::newCall).subscribeAsCompletionStage();
        CompletableFuture<String> patient = calls.join("alice", this::newCall).subscribeAsCompletionStage();

        quitter.cancel(false);

        assertFalse(started.get(0).isCancelled());
        started.get(0).complete("zak");
        assertEquals("zak", patient.join());
        assertEquals(1, started.size());
    }

    @Test
    void aMissingCallbackIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SharedCalls<String, String>(null));
    }

    /** The ended call is not shared any more: the next caller starts a new one and is not counted as joining. */
    private void assertNothingLeftBehind() {
        int before = started.size();
        int joinedBefore = joined.get();
        calls.join("alice", this::newCall).subscribeAsCompletionStage();
        assertEquals(before + 1, started.size(), "an ended call was still shared");
        assertEquals(joinedBefore, joined.get());
    }

    @Test
    void nothingStartsUntilSomeoneSubscribes() {
        Uni<String> notYet = calls.join("alice", this::newCall);

        assertEquals(0, started.size());

        CompletableFuture<String> result = notYet.subscribeAsCompletionStage();
        started.get(0).complete("zak");
        assertEquals("zak", result.join());
    }
}
