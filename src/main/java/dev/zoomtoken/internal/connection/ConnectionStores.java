package dev.zoomtoken.internal.connection;

import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import dev.zoomtoken.internal.config.ZoomConfig;
import dev.zoomtoken.internal.crypto.KeyRing;
import dev.zoomtoken.internal.tracing.ZoomTracing;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

/**
 * The {@link ConnectionStore} when connected users are on ({@code zoom.user-oauth.client-id} set): checks the
 * settings they need and migrates the tables at startup, so that a missing key or database stops the application
 * with a message instead of failing the first authorization. With user OAuth off, no datasource is ever touched.
 */
@ApplicationScoped
public class ConnectionStores {

    static final String KEY_SETTING = "ZOOM_USER_OAUTH_ENCRYPTION_KEY (zoom.user-oauth.encryption-key)";

    private final ZoomConfig.UserOAuth settings;
    private final Instance<AgroalDataSource> dataSources;
    private final ZoomTracing tracing;
    private volatile ConnectionStore store;

    @Inject
    ConnectionStores(ZoomConfig config, @Any Instance<AgroalDataSource> dataSources, ZoomTracing tracing) {
        this.settings = config.userOauth();
        this.dataSources = dataSources;
        this.tracing = tracing;
    }

    void checkAtStartup(@Observes StartupEvent event) {
        if (enabled()) {
            store();
        }
    }

    /** Whether connected users are configured. */
    public boolean enabled() {
        return settings.clientId().filter(id -> !id.isBlank()).isPresent();
    }

    /** The store; only when {@link #enabled()}. */
    public ConnectionStore store() {
        ConnectionStore current = store;
        if (current == null) {
            synchronized (this) {
                if (store == null) {
                    store = open();
                }
                current = store;
            }
        }
        return current;
    }

    /**
     * {@code work} on the store on a worker thread (JDBC blocks, and must never run on the event loop), within the
     * caller's Vert.x context: what follows runs back on that context, so nothing depends on thread-context
     * propagation, which the broker turns off (application.properties).
     */
    public <T> Uni<T> call(Function<ConnectionStore, T> work) {
        return VertxContextSupport.executeBlocking(() -> work.apply(store()));
    }

    /**
     * {@link #call(Function)} in {@code trace}'s context: the statements' spans are children of the span the caller
     * took it in (a token call, a refresh), not of whatever is current on the worker thread.
     */
    public <T> Uni<T> call(ZoomTracing.CallerContext trace, Function<ConnectionStore, T> work) {
        return VertxContextSupport.executeBlocking(trace.on(() -> work.apply(store())));
    }

    private ConnectionStore open() {
        if (!enabled()) {
            throw new IllegalStateException("Connected users are off: zoom.user-oauth.client-id is not set");
        }
        require(settings.clientSecret().filter(secret -> !secret.isBlank()).isPresent(),
                "ZOOM_USER_OAUTH_CLIENT_SECRET (zoom.user-oauth.client-secret)");
        require(settings.redirectUri().isPresent(), "ZOOM_USER_OAUTH_REDIRECT_URI (zoom.user-oauth.redirect-uri)");
        require(settings.encryptionKey().filter(key -> !key.isBlank()).isPresent(), KEY_SETTING
                + ": 32 random bytes, base64, for example from: openssl rand -base64 32");
        KeyRing keys = KeyRing.of(settings.encryptionKey().orElseThrow(),
                settings.previousEncryptionKeys().orElse(List.of()), KEY_SETTING);
        AgroalDataSource dataSource = dataSource();
        ConnectionSchema.migrate(dataSource);
        return new ConnectionStore(dataSource, keys, tracing);
    }

    private AgroalDataSource dataSource() {
        String name = settings.datasource().orElse("<default>");
        Instance<AgroalDataSource> selected = settings.datasource().isPresent()
                ? dataSources.select(new io.quarkus.agroal.DataSource.DataSourceLiteral(name))
                : dataSources.select(Default.Literal.INSTANCE);
        try {
            AgroalDataSource dataSource = selected.get();
            dataSource.getConfiguration(); // an inactive datasource fails here or on get()
            return dataSource;
        } catch (RuntimeException unavailable) {
            throw new IllegalStateException("Connected users need a database, and the datasource " + name + " is not "
                    + "configured: set QUARKUS_DATASOURCE_JDBC_URL (for example jdbc:postgresql://db:5432/zoom), "
                    + "QUARKUS_DATASOURCE_USERNAME and QUARKUS_DATASOURCE_PASSWORD ("
                    + unavailable.getClass().getSimpleName() + ")");
        }
    }

    private static void require(boolean present, String setting) {
        if (!present) {
            throw new IllegalStateException(
                    "zoom.user-oauth.client-id is set, so connected users are on, and they need "
                            + setting);
        }
    }
}
