package dev.zoomtoken.internal.connection;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.zoomtoken.internal.config.ZoomConfig;
import dev.zoomtoken.internal.crypto.Hashes;
import dev.zoomtoken.internal.metrics.ZoomMetrics;
import dev.zoomtoken.model.ConnectionEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * Delivers every {@link ConnectionEvent} to the application's {@code zoom.user-oauth.events-url}: a {@code POST} of
 * {@code {"event", "event_ts", "event_id", "payload": {"principal", "zoom_user_id", "zoom_account_id", "status"}}}
 * signed as Zoom signs its webhooks ({@code x-zm-request-timestamp}, {@code x-zm-signature}; {@link WebhookSignature},
 * signed again for each attempt so that a late retry still verifies). Anything but a 2xx is tried again with growing
 * waits (1 s doubling to 5 minutes, with jitter) for {@code zoom.user-oauth.events-retry-for}; an event that never gets
 * through is logged at ERROR and counted. Delivery runs beside the change that fired it and never holds up a token
 * request. At least once per change while the process runs (a receiver may see one twice: {@code event_id}); events
 * still being tried when the process stops are lost.
 */
@ApplicationScoped
public class ConnectionEventDelivery {

    static final String TIMESTAMP_HEADER = "x-zm-request-timestamp";
    static final String SIGNATURE_HEADER = "x-zm-signature";
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
    /** The most events being delivered at once; more are given up at once (logged and counted), not queued. */
    static final int MAX_PENDING = 10_000;
    private static final Logger LOG = Logger.getLogger(ConnectionEventDelivery.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Optional<URI> url;
    private final Optional<String> secret;
    private final Duration retryFor;
    private final Vertx vertx;
    private final ZoomMetrics metrics;
    private final Clock clock;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile HttpClient client;

    @Inject
    ConnectionEventDelivery(ZoomConfig config, Vertx vertx, ZoomMetrics metrics) {
        this(config.userOauth().eventsUrl(), config.userOauth().eventsSecret(), config.userOauth().eventsRetryFor(),
                vertx, metrics, Clock.systemUTC());
    }

    ConnectionEventDelivery(Optional<URI> url, Optional<String> secret, Duration retryFor, Vertx vertx,
            ZoomMetrics metrics, Clock clock) {
        this.url = url;
        this.secret = secret.filter(value -> !value.isBlank());
        this.retryFor = retryFor;
        this.vertx = vertx;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Refuses to start with a URL that cannot be delivered to, rather than losing every event quietly. */
    void checkAtStartup(@Observes StartupEvent event) {
        if (url.isEmpty()) {
            return;
        }
        String scheme = url.get().getScheme();
        if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme) || url.get().getHost() == null) {
            throw new IllegalStateException("ZOOM_USER_OAUTH_EVENTS_URL (zoom.user-oauth.events-url) must be an "
                    + "absolute http or https URL");
        }
        if (secret.isEmpty()) {
            throw new IllegalStateException("ZOOM_USER_OAUTH_EVENTS_URL (zoom.user-oauth.events-url) is set, and its "
                    + "events are signed: set ZOOM_USER_OAUTH_EVENTS_SECRET (zoom.user-oauth.events-secret) too");
        }
    }

    void onChange(@Observes ConnectionEvent event) {
        if (url.isPresent() && secret.isPresent()) {
            deliver(event).subscribe().with(delivered -> {
            }, failure -> LOG.errorf("Delivering a connection event failed unexpectedly (%s)",
                    failure.getClass().getName()));
        }
    }

    /** Delivers {@code event}: true once the application took it, false when it was given up (logged and counted). */
    Uni<Boolean> deliver(ConnectionEvent event) {
        String user = Hashes.sha256HexPrefix(event.principal(), 6);
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            return Uni.createFrom().item(() -> gaveUp(event, user, "too many events are being delivered already"));
        }
        byte[] body = body(event);
        return Uni.createFrom().deferred(() -> post(body))
                .onFailure().invoke(failure -> LOG.debugf("Delivering %s (user=%s) failed: %s; trying again",
                        event.type().wireName(), user, failure.getMessage()))
                .onFailure().retry().withBackOff(FIRST_BACKOFF, MAX_BACKOFF).expireIn(retryFor.toMillis())
                .map(status -> {
                    metrics.connectionEventDelivery(true);
                    return true;
                })
                .onFailure().recoverWithItem(failure -> gaveUp(event, user, failure.getMessage()))
                .onTermination().invoke(pending::decrementAndGet);
    }

    private boolean gaveUp(ConnectionEvent event, String user, String why) {
        metrics.connectionEventDelivery(false);
        LOG.errorf("A connection event was not delivered to zoom.user-oauth.events-url and is given up: event=%s "
                + "user=%s status=%s (%s)", event.type().wireName(), user, event.status(), why);
        return false;
    }

    /** One signed attempt; fails unless the application answers 2xx in time. */
    private Uni<Integer> post(byte[] body) {
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        String signature = new WebhookSignature(secret.orElseThrow(), clock).sign(timestamp, body);
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url.orElseThrow()
                .toString()).putHeader("content-type", "application/json").putHeader(TIMESTAMP_HEADER, timestamp)
                .putHeader(SIGNATURE_HEADER, signature).setIdleTimeout(ATTEMPT_TIMEOUT.toMillis());
        Future<Integer> answered = client().request(request).compose(sent -> sent.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(ignored -> response.statusCode()));
        return Uni.createFrom().completionStage(answered.toCompletionStage()).ifNoItem().after(ATTEMPT_TIMEOUT)
                .failWith(() -> new IllegalStateException("no answer within " + ATTEMPT_TIMEOUT.toSeconds() + " s"))
                .map(status -> {
                    if (status < 200 || status > 299) {
                        throw new IllegalStateException("the application answered " + status);
                    }
                    return status;
                });
    }

    private HttpClient client() {
        HttpClient current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    client = vertx.createHttpClient(new HttpClientOptions()
                            .setConnectTimeout((int) ATTEMPT_TIMEOUT.toMillis()).setMaxPoolSize(8));
                }
                current = client;
            }
        }
        return current;
    }

    /** The JSON body of {@code event}. */
    static byte[] body(ConnectionEvent event) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("principal", event.principal());
        payload.put("zoom_user_id", event.zoomUserId());
        payload.put("zoom_account_id", event.zoomAccountId());
        payload.put("status", event.status());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", event.type().wireName());
        body.put("event_ts", event.at().toEpochMilli());
        body.put("event_id", UUID.randomUUID().toString());
        body.put("payload", payload);
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("A connection event could not be written as JSON", impossible);
        }
    }

    @Override
    public String toString() {
        return "ConnectionEventDelivery[url=" + url.map(URI::getHost).orElse("none") + ", secret=<hidden>]";
    }
}
