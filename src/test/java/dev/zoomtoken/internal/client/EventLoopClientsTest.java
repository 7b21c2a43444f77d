package dev.zoomtoken.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/** Each event loop gets a client of its own, made once; everyone else gets the shared one. */
class EventLoopClientsTest {

    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aClientPerEventLoopMadeOnceTheSharedOneElsewhereAndOnlyTheMadeOnesClosed() throws Exception {
        Client shared = new Client();
        List<Client> made = new CopyOnWriteArrayList<>();
        EventLoopClients<Client> clients = new EventLoopClients<>(shared, () -> {
            Client client = new Client();
            made.add(client);
            return client;
        });
        // Two event-loop contexts on a pool of two loops: Vert.x assigns loops round-robin, so they differ.
        Context first = vertx.getOrCreateContext();
        Context second = ((io.vertx.core.impl.VertxInternal) vertx).createEventLoopContext();

        Client onFirst = on(first, clients);
        assertSame(onFirst, on(first, clients), "made once per loop");
        Client onSecond = on(second, clients);
        assertNotSame(onFirst, onSecond);
        assertNotSame(shared, onFirst);
        assertSame(shared, clients.current(), "a thread on no event loop");
        Client onWorker = vertx.<Client>executeBlocking(() -> clients.current()).toCompletionStage()
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertSame(shared, onWorker, "a worker thread");
        assertEquals(2, made.size());

        clients.close();
        assertTrue(made.stream().allMatch(client -> client.closed));
        assertTrue(!shared.closed, "the shared client belongs to its owner");
    }

    private static Client on(Context context, EventLoopClients<Client> clients) throws Exception {
        CompletableFuture<Client> client = new CompletableFuture<>();
        context.runOnContext(ignored -> client.complete(clients.current()));
        return client.get(5, TimeUnit.SECONDS);
    }

    private static final class Client implements AutoCloseable {
        private volatile boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }
}
