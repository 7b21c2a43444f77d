package dev.zoomtoken.client;

import jakarta.enterprise.context.Dependent;

import org.eclipse.microprofile.faulttolerance.ExecutionContext;
import org.jboss.logging.Logger;

import io.smallrye.faulttolerance.api.BeforeRetryHandler;

/** The {@code @BeforeRetry} of {@link ZoomApiClient}: logs why a call to Zoom is tried again. */
@Dependent
public class RetryLog implements BeforeRetryHandler {

    private static final Logger LOG = Logger.getLogger(ZoomApiClient.class);

    @Override
    public void handle(ExecutionContext context) {
        Throwable failure = context.getFailure();
        LOG.debugf("Retrying a call to Zoom after %s: %s", failure.getClass().getSimpleName(), failure.getMessage());
    }
}
