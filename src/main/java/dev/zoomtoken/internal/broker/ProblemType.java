package dev.zoomtoken.internal.broker;

import dev.zoomtoken.model.Failure;

/**
 * The broker's problem types: name (after {@link Problem#TYPE_PREFIX}), HTTP status and fixed title, and which one
 * answers each {@link Failure} ({@link #of(Failure)}). The library's {@code Failure} says what failed; this table says
 * how the broker answers it.
 */
enum ProblemType {
    INVALID_REQUEST("invalid-request", 400, "Invalid request"),
    NOT_CONFIGURED("not-configured", 503, "Broker not configured"),
    UPSTREAM_ERROR("upstream-error", 502, "Zoom request failed"),
    USER_NOT_FOUND("user-not-found", 404, "Zoom user not found"),
    REJECTED_BY_ZOOM("rejected-by-zoom", 400, "Zoom rejected the request"),
    RATE_LIMITED("rate-limited", 429, "Rate limit reached"),
    NO_TOKEN_ISSUED("no-token-issued", 422, "Zoom issued no token"),
    ZOOM_TIMEOUT("zoom-timeout", 504, "Zoom did not answer in time"),
    ZOOM_UNAVAILABLE("zoom-unavailable", 503, "Zoom is failing"),
    NOT_CONNECTED("not-connected", 404, "No Zoom connection"),
    REAUTHORIZATION_REQUIRED("reauthorization-required", 409, "Zoom authorization needed again"),
    AUTHORIZATION_FAILED("authorization-failed", 400, "Zoom authorization not completed"),
    MISSING_SCOPE("missing-scope", 400, "Zoom scope not granted"),
    WEBHOOK_REJECTED("webhook-rejected", 401, "Webhook signature not verified"),
    STORE_UNAVAILABLE("store-unavailable", 503, "Connections database unavailable"),
    INTERNAL_ERROR("internal-error", 500, "Internal error");

    private final String type;
    private final int status;
    private final String title;

    ProblemType(String type, int status, String title) {
        this.type = type;
        this.status = status;
        this.title = title;
    }

    /** The broker's answer to {@code failure}; the switch has no default, so a new kind does not compile unmapped. */
    static ProblemType of(Failure failure) {
        return switch (failure) {
            case INVALID_REQUEST -> INVALID_REQUEST;
            case NOT_CONFIGURED -> NOT_CONFIGURED;
            case CREDENTIALS_REJECTED, OAUTH_UNAVAILABLE, ZOOM_CLIENT_ERROR, ZOOM_SERVER_ERROR, TRANSPORT,
                    MALFORMED_RESPONSE -> UPSTREAM_ERROR;
            case USER_NOT_FOUND -> USER_NOT_FOUND;
            case REJECTED_BY_ZOOM -> REJECTED_BY_ZOOM;
            case ZOOM_RATE_LIMITED, RATE_BUDGET_USED_UP -> RATE_LIMITED;
            case NO_TOKEN -> NO_TOKEN_ISSUED;
            case ATTEMPT_TIMEOUT, TIMEOUT -> ZOOM_TIMEOUT;
            case CIRCUIT_OPEN -> ZOOM_UNAVAILABLE;
            case NOT_CONNECTED -> NOT_CONNECTED;
            case REAUTHORIZATION_REQUIRED -> REAUTHORIZATION_REQUIRED;
            case AUTHORIZATION_FAILED -> AUTHORIZATION_FAILED;
            case MISSING_SCOPE -> MISSING_SCOPE;
            case WEBHOOK_REJECTED -> WEBHOOK_REJECTED;
            case STORE_UNAVAILABLE -> STORE_UNAVAILABLE;
            case UNEXPECTED -> INTERNAL_ERROR;
        };
    }

    /** The problem type's name, such as {@code rate-limited}. */
    String type() {
        return type;
    }

    int status() {
        return status;
    }

    String title() {
        return title;
    }
}
