package dev.zoomtoken.internal.auth;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;

import dev.zoomtoken.internal.config.ZoomConfig;
import dev.zoomtoken.internal.crypto.SecretBox;
import dev.zoomtoken.internal.metrics.ZoomMetrics;
import dev.zoomtoken.internal.redis.RedisStore;
import dev.zoomtoken.internal.tracing.ZoomTracing;
import dev.zoomtoken.model.ZoomNotConfiguredException;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * Chooses where access tokens come from: Server-to-Server OAuth when {@code ZOOM_ACCOUNT_ID}, {@code ZOOM_CLIENT_ID}
 * and {@code ZOOM_CLIENT_SECRET} are set, the static {@code ZOOM_ACCESS_TOKEN} when that is set, and otherwise none
 * (calls fail with {@link ZoomNotConfiguredException}). Both at once, or an incomplete Server-to-Server set, stops the
 * application at startup with a message that names the variables, never their values.
 */
@ApplicationScoped
public class AccessTokenSource {

    public static final String NOT_CONFIGURED = "No Zoom credentials are configured: set ZOOM_ACCOUNT_ID, "
            + "ZOOM_CLIENT_ID and "
            + "ZOOM_CLIENT_SECRET (Server-to-Server OAuth), or ZOOM_ACCESS_TOKEN";

    /** How access tokens are obtained. */
    public enum Mode {
        SERVER_TO_SERVER_OAUTH,
        STATIC_TOKEN,
        NONE
    }

    void checkAtStartup(@Observes StartupEvent event, ZoomConfig config) {
        mode(config);
    }

    @Produces
    @ApplicationScoped
    AccessTokenProvider accessTokenProvider(ZoomConfig config, ZoomOAuthClient oauthClient, ZoomMetrics metrics,
            RedisStore redis, ZoomTracing tracing) {
        return switch (mode(config)) {
            case SERVER_TO_SERVER_OAUTH -> {
                ServerToServerCredentials credentials = new ServerToServerCredentials(value(config.accountId()),
                        value(config.clientId()), value(config.clientSecret()));
                TokenSharing sharing = !redis.enabled() ? TokenSharing.NONE
                        : new RedisTokenSharing(redis, credentials.accountId(),
                                SecretBox.derivedFrom(credentials.clientSecret(), "s2s-access-token/"
                                        + credentials.accountId() + "/" + credentials.clientId()),
                                config.oauth().refreshSkew(), Clock.systemUTC(), tracing);
                ServerToServerOAuth oauth = new ServerToServerOAuth(credentials.accountId(),
                        () -> oauthClient.requestToken(credentials),
                        config.oauth().refreshSkew(), config.apiUrl(), Clock.systemUTC(), sharing, tracing);
                metrics.accessTokenRequests(oauth, ServerToServerOAuth::fetchCount, ServerToServerOAuth::failureCount);
                yield oauth;
            }
            case STATIC_TOKEN -> new StaticAccessToken(value(config.accessToken()));
            case NONE -> new NoCredentials();
        };
    }

    /** Stands in when nothing is configured: every call fails with {@link ZoomNotConfiguredException}. */
    private static final class NoCredentials implements AccessTokenProvider {
        @Override
        public String account() {
            return "none";
        }

        @Override
        public Uni<AccessToken> accessToken() {
            return Uni.createFrom().failure(() -> new ZoomNotConfiguredException(NOT_CONFIGURED));
        }
    }

    /**
     * The mode the configuration selects.
     *
     * @throws IllegalStateException when the configuration is contradictory or incomplete
     */
    public static Mode mode(ZoomConfig config) {
        boolean staticToken = value(config.accessToken()) != null;
        List<String> present = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        sort("ZOOM_ACCOUNT_ID (zoom.account-id)", config.accountId(), present, missing);
        sort("ZOOM_CLIENT_ID (zoom.client-id)", config.clientId(), present, missing);
        sort("ZOOM_CLIENT_SECRET (zoom.client-secret)", config.clientSecret(), present, missing);
        if (staticToken && !present.isEmpty()) {
            throw new IllegalStateException(
                    "Conflicting Zoom credentials: ZOOM_ACCESS_TOKEN (zoom.access-token) is set "
                            + "together with " + String.join(", ", present)
                            + ". Set either ZOOM_ACCESS_TOKEN or all three "
                            + "Server-to-Server OAuth variables, not both");
        }
        if (!present.isEmpty() && !missing.isEmpty()) {
            throw new IllegalStateException("Incomplete Zoom Server-to-Server OAuth credentials: "
                    + String.join(", ", missing) + " missing (" + String.join(", ", present) + " set)");
        }
        if (!present.isEmpty()) {
            return Mode.SERVER_TO_SERVER_OAUTH;
        }
        return staticToken ? Mode.STATIC_TOKEN : Mode.NONE;
    }

    private static void sort(String name, Optional<String> value, List<String> present, List<String> missing) {
        (value(value) == null ? missing : present).add(name);
    }

    private static String value(Optional<String> value) {
        return value.map(String::trim).filter(v -> !v.isEmpty()).orElse(null);
    }
}
