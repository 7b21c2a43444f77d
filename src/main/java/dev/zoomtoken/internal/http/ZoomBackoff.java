package dev.zoomtoken.internal.http;

import java.time.Duration;
import java.time.Instant;

import org.jboss.logging.Logger;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.smallrye.faulttolerance.api.CustomBackoffStrategy;

/**
 * The {@code @CustomBackoff} of the API and OAuth clients: asks {@link ZoomRetryPolicy} for each wait. SmallRye Fault
 * Tolerance creates one instance per guarded call, so it can count that call's retries.
 */
public class ZoomBackoff implements CustomBackoffStrategy {

    private static final Logger LOG = Logger.getLogger(ZoomBackoff.class);

    private Duration initialDelay = Duration.ZERO;
    private int retries;

    @Override
    public void init(long initialDelayInMillis) {
        initialDelay = Duration.ofMillis(initialDelayInMillis);
    }

    @Override
    public long nextDelayInMillis(Throwable failure) {
        int retry = retries++;
        ArcContainer container = Arc.container();
        if (container == null || !container.isRunning()) {
            return initialDelay.toMillis();
        }
        try {
            ZoomRetryPolicy policy = container.instance(ZoomRetryPolicy.class).get();
            return policy.delayBeforeRetry(retry, failure, initialDelay, Instant.now()).toMillis();
        } catch (RuntimeException unexpected) {
            // An exception escaping a backoff strategy would leave the guarded call without an outcome.
            LOG.error("Backoff computation failed; using the initial delay", unexpected);
            return initialDelay.toMillis();
        }
    }
}
