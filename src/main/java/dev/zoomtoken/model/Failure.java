package dev.zoomtoken.model;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * What a failed token request means, written once: its metric outcome, whether the call is tried again and whether it
 * counts towards opening the circuit breaker. Every exception of this module names its kind
 * ({@link ZoomUserTokenException#failure()}); {@link #of(Throwable)} also covers the two fault-tolerance exceptions a
 * guarded call can end with, and anything else. How the broker answers each kind over HTTP is the broker's business.
 */
public enum Failure {

    INVALID_REQUEST("invalid_request", Retry.NEVER, false, null),
    NOT_CONFIGURED("not_configured", Retry.NEVER, false, null),
    /** Zoom rejected the access token or its scopes, or the OAuth endpoint refused the app's credentials. */
    CREDENTIALS_REJECTED("credentials_rejected", Retry.NEVER, false, null),
    /** The OAuth endpoint could not be reached or kept failing; its own retries are spent. */
    OAUTH_UNAVAILABLE("upstream_error", Retry.NEVER, false, null),
    USER_NOT_FOUND("not_found", Retry.NEVER, false, null),
    REJECTED_BY_ZOOM("rejected_by_zoom", Retry.NEVER, false, null),
    /** Zoom answered 429. */
    ZOOM_RATE_LIMITED("rate_limited", Retry.WHEN_LIMIT_RESETS_SOON, false, "rate_limited"),
    /** The module's own rate budget refused the call; nothing was sent. */
    RATE_BUDGET_USED_UP("rate_limited", Retry.NEVER, false, null),
    /** Any other 4xx from Zoom. */
    ZOOM_CLIENT_ERROR("upstream_error", Retry.NEVER, false, null),
    ZOOM_SERVER_ERROR("upstream_error", Retry.WITH_BACKOFF, true, "server_error"),
    TRANSPORT("upstream_error", Retry.WITH_BACKOFF, true, "transport"),
    /** A 2xx that is not the expected JSON: the same reply would most likely come again. */
    MALFORMED_RESPONSE("upstream_error", Retry.NEVER, true, null),
    NO_TOKEN("no_token", Retry.NEVER, false, null),
    /** One attempt hit its timeout. */
    ATTEMPT_TIMEOUT("timeout", Retry.WITH_BACKOFF, true, "timeout"),
    /** Every attempt timed out, or the whole call passed its deadline. */
    TIMEOUT("timeout", Retry.NEVER, false, null),
    CIRCUIT_OPEN("circuit_open", Retry.NEVER, false, null),
    /** The caller has no connection to a Zoom user (connected users). */
    NOT_CONNECTED("not_connected", Retry.NEVER, false, null),
    /** Zoom refused the connection's refresh token: its user must authorize the app again. */
    REAUTHORIZATION_REQUIRED("reauthorization_required", Retry.NEVER, false, null),
    /** An authorization could not be completed: unknown, expired or reused state, or the user declined. */
    AUTHORIZATION_FAILED("authorization_failed", Retry.NEVER, false, null),
    /**
     * The connected Zoom user did not grant the scope needed: a consent that mints nothing (refused at confirmation,
     * its grant revoked), or a token type the connection cannot mint (refused before Zoom is called).
     */
    MISSING_SCOPE("missing_scope", Retry.NEVER, false, null),
    /** A webhook call whose signature or timestamp does not verify: nothing was done. */
    WEBHOOK_REJECTED("webhook_rejected", Retry.NEVER, false, null),
    /**
     * Connected users' database could not be reached or dropped the connection (restarting, failing over, or no pooled
     * connection in time): passing, so worth trying again shortly, and not Zoom's fault.
     */
    STORE_UNAVAILABLE("store_unavailable", Retry.NEVER, false, null),
    /** Not a failure this module knows: a defect. */
    UNEXPECTED("internal_error", Retry.NEVER, false, null);

    /** Whether and how a call that failed this way is attempted again. */
    public enum Retry {
        NEVER,
        /** Exponential backoff with jitter. */
        WITH_BACKOFF,
        /** After the rate limit's reset, if that is a per-second limit and near enough. */
        WHEN_LIMIT_RESETS_SOON
    }

    private final String outcome;
    private final Retry retry;
    private final boolean countedByCircuitBreaker;
    private final String retryReason;

    Failure(String outcome, Retry retry, boolean countedByCircuitBreaker, String retryReason) {
        this.outcome = outcome;
        this.retry = retry;
        this.countedByCircuitBreaker = countedByCircuitBreaker;
        this.retryReason = retryReason;
    }

    /** The kind of {@code failure}; {@link #UNEXPECTED} for anything this module does not know. */
    public static Failure of(Throwable failure) {
        if (failure instanceof ZoomUserTokenException known) {
            return known.failure();
        }
        if (failure instanceof TimeoutException) {
            return ATTEMPT_TIMEOUT;
        }
        if (failure instanceof CircuitBreakerOpenException) {
            return CIRCUIT_OPEN;
        }
        return UNEXPECTED;
    }

    /** The {@code outcome} tag of {@code zoom_token_requests_seconds}. */
    public String outcome() {
        return outcome;
    }

    public Retry retry() {
        return retry;
    }

    /** Whether it counts as a failure of Zoom for the circuit breaker (caller errors and refusals do not). */
    public boolean countedByCircuitBreaker() {
        return countedByCircuitBreaker;
    }

    /** The {@code reason} tag of {@code zoom_retries_total}; null when it is never retried. */
    public String retryReason() {
        return retryReason;
    }
}
