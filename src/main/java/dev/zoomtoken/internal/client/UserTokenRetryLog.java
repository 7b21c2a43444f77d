package dev.zoomtoken.internal.client;

import jakarta.enterprise.context.Dependent;

import dev.zoomtoken.internal.http.RetryLog;
import dev.zoomtoken.internal.metrics.ZoomMetrics;

/** The {@code @BeforeRetry} of {@link ZoomApiClient}: retries counted as {@code call=user_token}. */
@Dependent
public class UserTokenRetryLog extends RetryLog {

    UserTokenRetryLog(ZoomMetrics metrics) {
        super(metrics, "user_token");
    }
}
