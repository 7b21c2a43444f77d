package dev.zoomtoken.internal.connection;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

/**
 * Creates and upgrades the connections tables with Flyway, apart from any migrations of the application itself: the
 * module's scripts ({@code db/zoom-user-token}) and its own history table, so that it can share a database (and a
 * schema that already has tables) with the application.
 */
public final class ConnectionSchema {

    static final String HISTORY_TABLE = "zoom_user_token_schema_history";
    static final String LOCATION = "classpath:db/zoom-user-token";

    private ConnectionSchema() {
    }

    /** Applies the module's migrations that {@code dataSource} does not have yet. */
    public static void migrate(DataSource dataSource) {
        Flyway.configure(ConnectionSchema.class.getClassLoader()).dataSource(dataSource).locations(LOCATION)
                .table(HISTORY_TABLE).baselineOnMigrate(true).baselineVersion("0").load().migrate();
    }
}
