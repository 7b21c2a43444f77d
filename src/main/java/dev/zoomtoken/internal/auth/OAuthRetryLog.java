package dev.zoomtoken.internal.auth;

import jakarta.enterprise.context.Dependent;

import dev.zoomtoken.internal.http.RetryLog;
import dev.zoomtoken.internal.metrics.ZoomMetrics;

/** The {@code @BeforeRetry} of {@link ZoomOAuthClient}: retries counted as {@code call=oauth_token}. */
@Dependent
public class OAuthRetryLog extends RetryLog {

    OAuthRetryLog(ZoomMetrics metrics) {
        super(metrics, "oauth_token");
    }
}
