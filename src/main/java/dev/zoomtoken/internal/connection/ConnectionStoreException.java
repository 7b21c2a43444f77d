package dev.zoomtoken.internal.connection;

import java.sql.SQLException;

import dev.zoomtoken.model.Failure;
import dev.zoomtoken.model.ZoomUserTokenException;

/**
 * The connections table could not be read or written. It carries the SQL state only, never the driver's message or
 * the exception itself: those can quote row values (a principal, a sealed token). A database that cannot be reached or
 * dropped the connection is {@link Failure#STORE_UNAVAILABLE} (the broker's 503); anything else, such as a token that
 * no configured key opens, is a defect ({@link Failure#UNEXPECTED}).
 */
public final class ConnectionStoreException extends ZoomUserTokenException {

    private final boolean unavailable;

    public ConnectionStoreException(String message, SQLException cause) {
        super(cause == null ? message : message + " (SQL state " + cause.getSQLState() + ")", null);
        this.unavailable = cause != null && unavailable(cause.getSQLState());
    }

    @Override
    public Failure failure() {
        return unavailable ? Failure.STORE_UNAVAILABLE : Failure.UNEXPECTED;
    }

    /**
     * Whether {@code sqlState} says the database is out of reach for now: class 08 (connection exception: refused,
     * closed, broken), class 57P (PostgreSQL shutting down or starting up), or none at all (the pool's own failures,
     * such as no connection within its acquisition timeout).
     */
    static boolean unavailable(String sqlState) {
        return sqlState == null || sqlState.startsWith("08") || sqlState.startsWith("57P");
    }
}
