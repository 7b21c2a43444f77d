package dev.zoomtoken.client;

import jakarta.enterprise.context.Dependent;

import org.eclipse.microprofile.faulttolerance.ExecutionContext;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

import dev.zoomtoken.ZoomRateLimitedException;
import dev.zoomtoken.ZoomServerException;
import dev.zoomtoken.ZoomTransportException;
import dev.zoomtoken.ops.ZoomMetrics;
import io.smallrye.faulttolerance.api.BeforeRetryHandler;

/**
 * The {@code @BeforeRetry} of {@link ZoomApiClient} and of the OAuth client: logs why a call to Zoom is tried again
 * and counts it by call and reason ({@code zoom_retries_total}).
 */
@Dependent
public class RetryLog implements BeforeRetryHandler {

    private static final Logger LOG = Logger.getLogger(ZoomApiClient.class);

    private final ZoomMetrics metrics;

    RetryLog(ZoomMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void handle(ExecutionContext context) {
        Throwable failure = context.getFailure();
        LOG.debugf("Retrying a call to Zoom after %s: %s", failure.getClass().getSimpleName(), failure.getMessage());
        String call = context.getMethod().getDeclaringClass() == ZoomApiClient.class ? "user_token" : "oauth_token";
        metrics.retry(call, reason(failure));
    }

    /** Why a failed call is retried, as a metric tag; see {@link ZoomRetryPolicy} for which failures are. */
    static String reason(Throwable failure) {
        if (failure instanceof ZoomRateLimitedException) {
            return "rate_limited";
        }
        if (failure instanceof ZoomServerException) {
            return "server_error";
        }
        if (failure instanceof TimeoutException) {
            return "timeout";
        }
        if (failure instanceof ZoomTransportException) {
            return "transport";
        }
        return "other";
    }
}
