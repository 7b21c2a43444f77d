package dev.zoomtoken.client;

import java.time.Instant;
import java.util.function.Predicate;

import org.jboss.logging.Logger;

import io.quarkus.arc.Arc;

/**
 * The {@code @RetryWhen} predicate of {@link ZoomApiClient}: asks {@link ZoomRetryPolicy}. SmallRye Fault Tolerance
 * creates it by reflection, so it looks the policy bean up instead of having it injected.
 */
public class RetryableZoomFailure implements Predicate<Throwable> {

    private static final Logger LOG = Logger.getLogger(RetryableZoomFailure.class);

    @Override
    public boolean test(Throwable failure) {
        try {
            return Arc.container().instance(ZoomRetryPolicy.class).get().shouldRetry(failure, Instant.now());
        } catch (RuntimeException unexpected) {
            // An exception escaping this predicate would leave the guarded call without an outcome.
            LOG.error("Retry decision failed; not retrying", unexpected);
            return false;
        }
    }
}
