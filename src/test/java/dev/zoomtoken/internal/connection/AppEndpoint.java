package dev.zoomtoken.internal.connection;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * The application's own endpoint for connection events, as WireMock on 127.0.0.1 (a free port): answers 204 unless a
 * test stubs otherwise, and hands every request to the test once its answer has been sent (after any delay), in that
 * order, without polling.
 */
public final class AppEndpoint implements AutoCloseable {

    public static final String PATH = "/zoom-connection-events";

    private final WireMockServer server;
    private final BlockingQueue<Delivery> arrived = new LinkedBlockingQueue<>();
    private final List<Delivery> seen = new ArrayList<>();

    /** One request the endpoint answered: the headers that matter, the raw body and the status it was answered. */
    public record Delivery(String timestamp, String signature, byte[] body, int status) {

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private AppEndpoint() {
        ServeEventListener answered = new ServeEventListener() {
            @Override
            public String getName() {
                return "app-endpoint-answered";
            }

            @Override
            public void afterComplete(ServeEvent event, Parameters parameters) {
                arrived.add(new Delivery(event.getRequest().getHeader("x-zm-request-timestamp"),
                        event.getRequest().getHeader("x-zm-signature"), event.getRequest().getBody(),
                        event.getResponse().getStatus()));
            }
        };
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort()
                .extensions(answered));
        server.start();
        reset();
    }

    static AppEndpoint start() {
        return new AppEndpoint();
    }

    public String url() {
        return "http://127.0.0.1:" + server.port() + PATH;
    }

    /** The server, to stub other answers (a stub at a priority below 10 wins over the default 204). */
    public WireMockServer server() {
        return server;
    }

    /** Back to answering 204 to everything, and to nothing answered so far. */
    public synchronized void reset() {
        server.resetAll();
        arrived.clear();
        seen.clear();
        server.stubFor(post(urlPathEqualTo(PATH)).atPriority(10).willReturn(aResponse().withStatus(204)));
    }

    /**
     * The first request answered so far, or arriving within {@code timeout}, that {@code wanted} accepts (each is
     * handed out once).
     */
    public synchronized Delivery next(Predicate<Delivery> wanted, Duration timeout) throws InterruptedException {
        long giveUpAt = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < seen.size(); i++) {
            if (wanted.test(seen.get(i))) {
                return seen.remove(i);
            }
        }
        while (true) {
            Delivery next = arrived.poll(giveUpAt - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new AssertionError("no such delivery within " + timeout + "; others: " + seen.size());
            }
            if (wanted.test(next)) {
                return next;
            }
            seen.add(next);
        }
    }

    /** Whether a request {@code wanted} accepts has been answered already (nothing is handed out). */
    public synchronized boolean answeredAlready(Predicate<Delivery> wanted) {
        arrived.drainTo(seen);
        return seen.stream().anyMatch(wanted);
    }

    @Override
    public void close() {
        server.stop();
    }
}
