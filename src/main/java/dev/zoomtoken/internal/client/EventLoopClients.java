package dev.zoomtoken.internal.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;

/**
 * One REST client per Vert.x event loop, so that a call started on an event loop is sent and answered on connections
 * of that same loop. Vert.x's connection pool lends an idle connection to any caller (the last used first), and a
 * connection owned by another loop hands every step of the call over between the two threads: at one connection, four
 * to five thread wake-ups per request (BENCHMARKS.md). Callers on no event loop (worker threads, blocking library
 * calls) use the shared client. There are as many clients as event loops, a number fixed at start.
 */
final class EventLoopClients<T> {

    private static final Logger LOG = Logger.getLogger(EventLoopClients.class);

    private final T shared;
    private final Supplier<T> newClient;
    private final ConcurrentMap<EventLoop, T> byLoop = new ConcurrentHashMap<>();

    /**
     * @param shared    the client for callers on no event loop
     * @param newClient makes another client with the same configuration as {@code shared}
     */
    EventLoopClients(T shared, Supplier<T> newClient) {
        this.shared = Objects.requireNonNull(shared, "shared");
        this.newClient = Objects.requireNonNull(newClient, "newClient");
    }

    /** The client of the calling thread's event loop, or the shared one off the event loops. */
    T current() {
        Context context = Vertx.currentContext();
        if (!(context instanceof ContextInternal internal) || !Context.isOnEventLoopThread()) {
            return shared;
        }
        EventLoop loop = internal.nettyEventLoop();
        T client = byLoop.get(loop);
        return client != null ? client : byLoop.computeIfAbsent(loop, key -> newClient.get());
    }

    /** Closes the clients this made (not the shared one, which its owner closes). */
    void close() {
        List<T> clients = new ArrayList<>(byLoop.values());
        byLoop.clear();
        for (T client : clients) {
            if (client instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception failure) {
                    LOG.debugf("Closing an event loop's REST client failed: %s", failure.getMessage());
                }
            }
        }
    }
}
