package dev.zoomtoken.internal.http;

import org.eclipse.microprofile.faulttolerance.ExecutionContext;
import org.jboss.logging.Logger;

import dev.zoomtoken.internal.metrics.ZoomMetrics;
import dev.zoomtoken.model.Failure;
import io.smallrye.faulttolerance.api.BeforeRetryHandler;

/**
 * The base of the {@code @BeforeRetry} handlers of the calls to Zoom: logs why a call is tried again and counts it by
 * call and {@link Failure#retryReason()} ({@code zoom_retries_total}). Each client names its call in a subclass.
 */
public abstract class RetryLog implements BeforeRetryHandler {

    private static final Logger LOG = Logger.getLogger(RetryLog.class);

    private final ZoomMetrics metrics;
    private final String call;

    /** @param call the {@code call} tag, such as {@code user_token} */
    protected RetryLog(ZoomMetrics metrics, String call) {
        this.metrics = metrics;
        this.call = call;
    }

    @Override
    public void handle(ExecutionContext context) {
        Throwable failure = context.getFailure();
        LOG.debugf("Retrying a %s call to Zoom after %s: %s", call, failure.getClass().getSimpleName(),
                failure.getMessage());
        metrics.retry(call, reason(failure));
    }

    /** The {@code reason} tag; {@code other} only for a failure whose kind is never retried. */
    static String reason(Throwable failure) {
        String reason = Failure.of(failure).retryReason();
        return reason == null ? "other" : reason;
    }
}
