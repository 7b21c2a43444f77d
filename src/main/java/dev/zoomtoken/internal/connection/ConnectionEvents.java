package dev.zoomtoken.internal.connection;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.zoomtoken.model.ConnectionEvent;

/**
 * Fires {@link ConnectionEvent}s, called right after the change they tell of is committed: to synchronous observers
 * at once, on the calling thread, and to asynchronous ones. An observer that fails is logged and changes nothing: the
 * change stands and the call that made it goes on.
 */
@ApplicationScoped
public class ConnectionEvents {

    private static final Logger LOG = Logger.getLogger(ConnectionEvents.class);

    private final Event<ConnectionEvent> event;
    private final Clock clock;

    @Inject
    ConnectionEvents(Event<ConnectionEvent> event) {
        this(event, Clock.systemUTC());
    }

    ConnectionEvents(Event<ConnectionEvent> event, Clock clock) {
        this.event = event;
        this.clock = clock;
    }

    /** Fires {@code type} about {@code connection}, whose status is now {@code status}. */
    public void fire(ConnectionEvent.Type type, ConnectionIds connection, String status) {
        ConnectionEvent change = new ConnectionEvent(type, clock.instant(), connection.principal(),
                connection.zoomUserId(), connection.zoomAccountId(), status);
        try {
            event.fire(change);
        } catch (RuntimeException failure) {
            LOG.warnf("An observer of connection events failed on %s (%s); the change stands", type.wireName(),
                    failure.getClass().getName());
        }
        event.fireAsync(change).exceptionally(failure -> {
            LOG.warnf("An asynchronous observer of connection events failed on %s (%s)", type.wireName(),
                    failure.getClass().getName());
            return null;
        });
    }

    /** Fires {@code type} about {@code connection}, whose status is now {@code status}. */
    public void fire(ConnectionEvent.Type type, StoredConnection connection, String status) {
        fire(type, connection.ids(), status);
    }
}
