package dev.zoomtoken.internal.concurrent;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/**
 * Lets concurrent calls with the same key share one call and its result: the module's one "one fetch for all waiters"
 * (identical token requests, the Server-to-Server token, a connection's refresh). The shared call starts when its
 * first caller subscribes and is forgotten when it ends, so a later caller starts a new one and no entry is left
 * behind. A caller that cancels stops waiting without cancelling the call the others wait for.
 */
public final class SharedCalls<K, V> {

    private final ConcurrentMap<K, Uni<V>> inFlight = new ConcurrentHashMap<>();
    private final Runnable onJoined;

    public SharedCalls() {
        this(() -> {
        });
    }

    /** {@code onJoined} runs each time a caller joins a call already in flight instead of starting one. */
    public SharedCalls(Runnable onJoined) {
        if (onJoined == null) {
            throw new IllegalArgumentException("onJoined must not be null");
        }
        this.onJoined = onJoined;
    }

    /** The call in flight for {@code key}, or {@code call}'s, started on subscription and shared until it ends. */
    public Uni<V> join(K key, Supplier<Uni<V>> call) {
        return Uni.createFrom().deferred(() -> {
            Uni<V> existing = inFlight.get(key);
            if (existing != null) {
                onJoined.run();
                return existing;
            }
            AtomicReference<Uni<V>> shared = new AtomicReference<>();
            shared.set(call.get().onTermination().invoke(() -> inFlight.remove(key, shared.get()))
                    .memoize().indefinitely());
            Uni<V> winner = inFlight.putIfAbsent(key, shared.get());
            if (winner != null) {
                onJoined.run();
                return winner;
            }
            return shared.get();
        });
    }
}
