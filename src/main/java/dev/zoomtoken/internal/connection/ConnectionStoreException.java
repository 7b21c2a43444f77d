package dev.zoomtoken.internal.connection;

import java.sql.SQLException;

/**
 * The connections table could not be read or written. It carries the SQL state only, never the driver's message or
 * the exception itself: those can quote row values (a principal, a sealed token).
 */
public final class ConnectionStoreException extends RuntimeException {

    ConnectionStoreException(String message, SQLException cause) {
        super(cause == null ? message : message + " (SQL state " + cause.getSQLState() + ")", null, false, false);
    }
}
