package dev.zoomtoken.internal.connection;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts a real PostgreSQL ({@link EmbeddedPostgres}) and turns connected users on against it: the default
 * datasource, a user-level OAuth app whose token and API calls go to the mock Zoom (use with {@code ZoomMock} in
 * Server-to-Server mode, which points {@code zoom.oauth-url} at it), and an encryption key; connection events go to
 * an {@link AppEndpoint}. Tests get the server through an {@link EmbeddedPostgres} field, the endpoint through an
 * {@link AppEndpoint} field.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    public static final String CLIENT_ID = "user-oauth-client-Gh4";
    /** Never in logs, rows or messages. */
    public static final String CLIENT_SECRET = "user-oauth-secret-Tz8qL1";
    public static final String REDIRECT_URI = "https://broker.test/oauth/zoom/callback";
    /** 32 bytes, base64; never in logs or rows. */
    public static final String ENCRYPTION_KEY = "c2VjcmV0LWtleS1mb3ItdGhlLWNvbm5lY3Rpb25zLSE=";
    public static final String REVOKE_PATH = "/v2/oauth-revoke";
    /** The webhook secret token; never in logs. */
    public static final String WEBHOOK_SECRET = "webhook-secret-token-Nb6";
    /** The secret that signs connection events to the application; never in logs. */
    public static final String EVENTS_SECRET = "events-secret-Hq5vR3";
    /** How long a connection event is tried again here: short, so that a test sees one given up. */
    public static final String EVENTS_RETRY_FOR = "4S";

    private EmbeddedPostgres postgres;
    private AppEndpoint app;

    @Override
    public Map<String, String> start() {
        postgres = EmbeddedPostgres.start();
        app = AppEndpoint.start();
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl());
        config.put("quarkus.datasource.username", "postgres");
        config.put("zoom.user-oauth.client-id", CLIENT_ID);
        config.put("zoom.user-oauth.client-secret", CLIENT_SECRET);
        config.put("zoom.user-oauth.redirect-uri", REDIRECT_URI);
        config.put("zoom.user-oauth.encryption-key", ENCRYPTION_KEY);
        config.put("zoom.user-oauth.revoke-url", "${zoom.api-url}/oauth-revoke");
        config.put("zoom.webhook.secret-token", WEBHOOK_SECRET);
        config.put("zoom.user-oauth.events-url", app.url());
        config.put("zoom.user-oauth.events-secret", EVENTS_SECRET);
        config.put("zoom.user-oauth.events-retry-for", EVENTS_RETRY_FOR);
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(postgres, new TestInjector.MatchesType(EmbeddedPostgres.class));
        testInjector.injectIntoFields(app, new TestInjector.MatchesType(AppEndpoint.class));
    }

    @Override
    public void stop() {
        if (postgres != null) {
            postgres.close();
        }
        if (app != null) {
            app.close();
        }
    }
}
