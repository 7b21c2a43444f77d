package dev.zoomtoken.internal.http;

import java.time.Instant;
import java.util.function.Predicate;

import org.jboss.logging.Logger;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;

/**
 * The {@code @RetryWhen} predicate of the API and OAuth clients: asks {@link ZoomRetryPolicy}. SmallRye Fault Tolerance
 * creates it by reflection, so it looks the policy bean up instead of having it injected. Once the application has
 * stopped, nothing is retried.
 */
public class RetryableZoomFailure implements Predicate<Throwable> {

    private static final Logger LOG = Logger.getLogger(RetryableZoomFailure.class);

    @Override
    public boolean test(Throwable failure) {
        ArcContainer container = Arc.container();
        if (container == null || !container.isRunning()) {
            return false;
        }
        try {
            return container.instance(ZoomRetryPolicy.class).get().shouldRetry(failure, Instant.now());
        } catch (RuntimeException unexpected) {
            // An exception escaping this predicate would leave the guarded call without an outcome.
            LOG.error("Retry decision failed; not retrying", unexpected);
            return false;
        }
    }
}
