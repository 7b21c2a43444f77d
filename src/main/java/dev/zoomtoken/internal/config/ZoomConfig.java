package dev.zoomtoken.internal.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The {@code zoom.*} settings of this module. Each can also be set as an environment variable ({@code zoom.api-url}
 * as {@code ZOOM_API_URL}).
 */
@ConfigMapping(prefix = "zoom")
public interface ZoomConfig {

    /** Base URL of Zoom's REST API v2; the REST client {@code zoom-api} sends its calls here. */
    @WithDefault("https://api.zoom.us/v2")
    URI apiUrl();

    /** A ready-made access token to send as {@code Authorization: Bearer}. Never logged. */
    Optional<String> accessToken();

    /** Server-to-Server OAuth: the Zoom account id. With client id and secret, selects Server-to-Server OAuth. */
    Optional<String> accountId();

    /** Server-to-Server OAuth: the app's client id. */
    Optional<String> clientId();

    /** Server-to-Server OAuth: the app's client secret. Never logged. */
    Optional<String> clientSecret();

    /** Zoom's OAuth token endpoint. */
    @WithDefault("https://zoom.us/oauth/token")
    URI oauthUrl();

    /** How Server-to-Server OAuth access tokens are kept. */
    OAuth oauth();

    /**
     * Where what replicas share is kept: the rate budget, Zoom's learned limits and the Server-to-Server access token.
     * {@code local}: in this JVM, right for one replica. {@code redis}: in the Redis that {@code quarkus.redis.hosts}
     * names, shared by every replica that calls Zoom for the same account.
     */
    @WithDefault("local")
    SharedState sharedState();

    /**
     * Longest wait for one Redis reply, for everything kept there ({@link #sharedState()}). A late reply is sent once
     * more; a second late reply, or an unreachable Redis, switches the replica to its local share of the budget and its
     * own access token until Redis answers again.
     */
    @WithDefault("100ms")
    Duration redisTimeout();

    /** Longest time one call may take in total, retries and waits included. */
    @WithDefault("30S")
    Duration requestDeadline();

    /**
     * Longest wait for Zoom's answer to one attempt of a call (the token call, OAuth token requests,
     * {@code GET /users/me}); a retried call tries again, the others fail with a timeout.
     */
    @WithDefault("5S")
    Duration attemptTimeout();

    /** How failed calls are retried. */
    Retry retry();

    /** The circuit breaker in front of Zoom's token endpoint. */
    CircuitBreaker circuitBreaker();

    /** REST-client logging of calls to Zoom. */
    ClientLogging clientLogging();

    /** The HTTP token broker. */
    Broker broker();

    /** The account-wide rate budget for calls to Zoom's token endpoint. */
    RateLimit rateLimit();

    /** Connected users: user-level OAuth, on when its client id is set. */
    UserOAuth userOauth();

    /** Zoom's webhook calls (deauthorization) to the broker. */
    Webhook webhook();

    /** Traces of the calls to Zoom. */
    Tracing tracing();

    /**
     * Connected users: Zoom users who authorized a General app (user-level OAuth), so that tokens can be minted for
     * them with their own credentials, also outside this Zoom account. Works beside the static or Server-to-Server
     * credentials, which stay for account-level calls.
     */
    interface UserOAuth {

        /** The General app's client id; setting it turns connections on. */
        Optional<String> clientId();

        /** The General app's client secret. Never logged. */
        Optional<String> clientSecret();

        /** Where Zoom sends the browser back ({@code /oauth/zoom/callback} of the broker); required when on. */
        Optional<URI> redirectUri();

        /** Zoom's authorization page. */
        @WithDefault("https://zoom.us/oauth/authorize")
        URI authorizeUrl();

        /** Zoom's token revocation endpoint. */
        @WithDefault("https://zoom.us/oauth/revoke")
        URI revokeUrl();

        /** Where the browser goes after a completed authorization; without it the callback answers a small page. */
        Optional<URI> returnUrl();

        /**
         * The key that encrypts tokens at rest: 32 random bytes, base64 ({@code openssl rand -base64 32}). Required
         * when on. Never logged.
         */
        Optional<String> encryptionKey();

        /** Earlier encryption keys, still read (values under them are sealed again with the current key). */
        Optional<List<String>> previousEncryptionKeys();

        /**
         * The datasource of the connections table: a named Quarkus datasource, or the default one when unset.
         */
        Optional<String> datasource();

        /**
         * The application's URL that every change of a connection is POSTed to, signed like Zoom's webhooks with
         * {@link #eventsSecret()}; none when unset.
         */
        Optional<URI> eventsUrl();

        /** The secret that signs the events sent to {@link #eventsUrl()}; required with it. Never logged. */
        Optional<String> eventsSecret();

        /** How long the delivery of one event is tried again, with growing waits, before it is logged and counted. */
        @WithDefault("PT1H")
        Duration eventsRetryFor();

        /**
         * Refresh every active connection whose tokens were last refreshed longer ago than this, in the background
         * (a Duration such as {@code P30D} or {@code 30S}), so that an idle refresh token does not expire at Zoom;
         * {@code off} turns it off.
         */
        @WithDefault("P30D")
        String keepAlive();

        /** How often the keep-alive looks for connections to refresh. */
        @WithDefault("PT1H")
        Duration keepAliveInterval();
    }

    /** Zoom's webhook calls. */
    interface Webhook {

        /** The app's webhook secret token, to verify {@code x-zm-signature}. Never logged. */
        Optional<String> secretToken();
    }

    /** How often and after which waits a failed call to Zoom is tried again. */
    interface Retry {

        /** Attempts after the first one, for the failures that are retried at all ({@code model.Failure}). */
        @WithDefault("3")
        int maxRetries();

        /** First wait after a 5xx, transport failure or attempt timeout; it doubles with every further retry. */
        @WithDefault("250ms")
        Duration initialBackoff();

        /** Longest exponential backoff between two attempts after a 5xx or transport failure. */
        @WithDefault("2S")
        Duration maxBackoff();

        /** Wait after a 429 without a usable {@code Retry-After} header (plus up to a quarter of it as jitter). */
        @WithDefault("1S")
        Duration rateLimitDefaultWait();

        /**
         * Longest wait for a rate limit to reset before retrying. A 429 whose {@code Retry-After} is further away
         * (a daily limit, for instance) fails at once with the reset time.
         */
        @WithDefault("5S")
        Duration rateLimitMaxWait();
    }

    /** When the breaker in front of Zoom's token endpoint opens, and for how long. */
    interface CircuitBreaker {

        /** How many of the latest attempts it looks at. */
        @WithDefault("20")
        int requestVolumeThreshold();

        /** The share of those attempts that must have failed (5xx, transport, timeout, malformed) to open it. */
        @WithDefault("0.5")
        double failureRatio();

        /** How long it stays open before it lets one call through to try Zoom again. */
        @WithDefault("5S")
        Duration delay();
    }

    /** Server-to-Server OAuth access-token handling. */
    interface OAuth {

        /**
         * An access token counts as expired this long before Zoom's {@code expires_in} runs out, but never more than
         * 10 % of its lifetime earlier. A refresh starts one more such interval ahead, while the old token still
         * serves callers.
         */
        @WithDefault("60S")
        Duration refreshSkew();
    }

    /** Client-side pacing of calls to Zoom (Zoom's "Light" category is shared by every app of the account). */
    interface RateLimit {

        /** Pace calls to Zoom. Off: calls go out as they come and Zoom's 429s are the only limit. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Most calls in any one-second window, bursts included. Zoom's Light limit: 30 on Pro, 80 on Business and
         * higher, 4 on free accounts; lower it when other apps of the account call Zoom too.
         */
        @WithDefault("30")
        int requestsPerSecond();

        /** Longest a call waits for a slot; a call that would wait longer fails at once without reaching Zoom. */
        @WithDefault("2S")
        Duration maxWait();

        /** Share one Zoom call among concurrent identical requests (never for single-use OBF tokens). */
        @WithDefault("true")
        boolean coalesce();

        /**
         * The most replicas that run at once. While Redis cannot be reached, each replica paces itself locally at
         * {@code requests-per-second / replicas} (rounded down), so that together they stay inside the budget.
         */
        @WithDefault("1")
        int replicas();
    }

    /** Where the rate budget, learned limits and shared access token are kept. */
    enum SharedState {
        /** In this JVM only. */
        LOCAL,
        /** In Redis, shared by all replicas. */
        REDIS
    }

    /** The HTTP token broker ({@code /api/v1/users/{userId}/token}). */
    interface Broker {

        /**
         * Build-time switch: include the broker endpoint and its caller authentication. Off for applications that use
         * this module as a library; on in the module's own application.
         */
        @WithDefault("false")
        boolean enabled();
    }

    /** Traces of the calls to Zoom (README "Traces"). */
    interface Tracing {

        /**
         * Send each attempt's W3C {@code traceparent} to Zoom. Off: Zoom is a third party, and the module's own spans
         * already record Zoom's tracking id.
         */
        @WithDefault("false")
        boolean propagateToZoom();
    }

    /** REST-client logging ({@code quarkus.rest-client.logging.scope}). */
    interface ClientLogging {

        /**
         * Replace Quarkus's REST-client logger with one that hides {@code Authorization} and never logs bodies (which
         * carry tokens). It applies to every REST client of the application.
         */
        @WithDefault("true")
        boolean masked();
    }
}
