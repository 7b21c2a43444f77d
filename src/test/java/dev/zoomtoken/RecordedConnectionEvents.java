package dev.zoomtoken;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Singleton;

import dev.zoomtoken.internal.connection.ConnectionStores;
import dev.zoomtoken.model.ConnectionEvent;

/**
 * A library user's observers of connection events, one synchronous and one asynchronous, as tests see them. The
 * synchronous one also notes whether the change was visible to another database connection when it ran (committed).
 */
@Singleton
public class RecordedConnectionEvents {

    /** An event as the synchronous observer saw it, and whether the principal's row existed then. */
    public record Seen(ConnectionEvent event, boolean rowPresent, String thread) {
    }

    private final BlockingQueue<Seen> sync = new LinkedBlockingQueue<>();
    private final BlockingQueue<ConnectionEvent> async = new LinkedBlockingQueue<>();
    private final java.util.List<ConnectionEvent> asyncStash = new java.util.ArrayList<>();
    private final ConnectionStores stores;

    RecordedConnectionEvents(ConnectionStores stores) {
        this.stores = stores;
    }

    void observe(@Observes ConnectionEvent event) {
        sync.add(new Seen(event, stores.enabled() && stores.store().find(event.principal()).isPresent(),
                Thread.currentThread().getName()));
    }

    void observeAsync(@ObservesAsync ConnectionEvent event) {
        async.add(event);
    }

    /** The next event of {@code principal} the synchronous observer has seen already (no waiting: it runs inline). */
    public Seen syncSeen(String principal) {
        for (Seen seen : sync) {
            if (seen.event().principal().equals(principal)) {
                sync.remove(seen);
                return seen;
            }
        }
        throw new AssertionError("the synchronous observer has seen nothing of " + principal);
    }

    /** Whether the synchronous observer has an event of {@code principal} not yet handed out. */
    public boolean syncHas(String principal) {
        return sync.stream().anyMatch(seen -> seen.event().principal().equals(principal));
    }

    /** The next event of {@code principal} the asynchronous observer sees, within {@code timeout}. */
    public synchronized ConnectionEvent asyncSeen(String principal, Duration timeout) throws InterruptedException {
        long giveUpAt = System.nanoTime() + timeout.toNanos();
        for (ConnectionEvent event : asyncStash) {
            if (event.principal().equals(principal)) {
                asyncStash.remove(event);
                return event;
            }
        }
        while (true) {
            ConnectionEvent next = async.poll(giveUpAt - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new AssertionError("the asynchronous observer saw nothing of " + principal);
            }
            if (next.principal().equals(principal)) {
                return next;
            }
            asyncStash.add(next);
        }
    }
}
